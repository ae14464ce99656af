// The keys derived from a password by RFC 5802: SaltedPassword -> ClientKey, StoredKey, ServerKey.
package dev.switchboard.protocol.auth;

/** Derived SCRAM-SHA-256 keys for one (password, salt, iterations); arrays are not shared outside the package. */
record ScramKeys(byte[] clientKey, byte[] storedKey, byte[] serverKey) {

    static ScramKeys derive(String password, byte[] salt, int iterations) {
        byte[] salted = ScramCrypto.hi(SaslPrep.passwordBytes(password), salt, iterations);
        byte[] clientKey = ScramCrypto.hmac(salted, "Client Key");
        byte[] serverKey = ScramCrypto.hmac(salted, "Server Key");
        return new ScramKeys(clientKey, ScramCrypto.sha256(clientKey), serverKey);
    }
}
