// The SCRAM-SHA-256 building blocks of RFC 5802 section 2.2: H, HMAC, Hi, XOR, plus nonces and base64.
package dev.switchboard.protocol.auth;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.SecretKey;

final class ScramCrypto {

    static final String MECHANISM = "SCRAM-SHA-256";
    static final int KEY_LENGTH = 32;
    static final int DEFAULT_ITERATIONS = 4096;
    static final int DEFAULT_SALT_LENGTH = 16;
    /** libpq and the PostgreSQL server both use 18 random bytes (24 base64 characters) per nonce. */
    private static final int NONCE_BYTES = 18;

    static final SecureRandom RANDOM = new SecureRandom();

    private ScramCrypto() {
    }

    static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }

    static byte[] hmac(byte[] key, byte[] data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new RawKey(key));
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is missing from this JDK", e);
        }
    }

    static byte[] hmac(byte[] key, String data) {
        return hmac(key, data.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Hi() of RFC 5802, i.e. PBKDF2-HMAC-SHA-256 with one output block. Written out instead of using
     * SecretKeyFactory because PBEKeySpec takes chars, and the password here is already the exact byte
     * string PostgreSQL hashes (SASLprep output, or the raw bytes when SASLprep refuses it).
     */
    static byte[] hi(byte[] password, byte[] salt, int iterations) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new RawKey(password));
            mac.update(salt);
            byte[] u = mac.doFinal(new byte[] {0, 0, 0, 1});
            byte[] result = u.clone();
            for (int i = 1; i < iterations; i++) {
                u = mac.doFinal(u);
                for (int j = 0; j < result.length; j++) {
                    result[j] ^= u[j];
                }
            }
            return result;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is missing from this JDK", e);
        }
    }

    static byte[] xor(byte[] a, byte[] b) {
        byte[] out = new byte[a.length];
        for (int i = 0; i < a.length; i++) {
            out[i] = (byte) (a[i] ^ b[i]);
        }
        return out;
    }

    /** Constant-time for equal lengths (MessageDigest.isEqual does not exit early). */
    static boolean same(byte[] a, byte[] b) {
        return MessageDigest.isEqual(a, b);
    }

    static String base64(byte[] data) {
        return Base64.getEncoder().encodeToString(data);
    }

    /** Decodes strict base64 (RFC 4648 alphabet, padding required by SCRAM); returns null when invalid. */
    static byte[] unbase64(String text) {
        if (text.length() % 4 != 0) {
            return null;
        }
        try {
            return Base64.getDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    static String randomNonce() {
        byte[] bytes = new byte[NONCE_BYTES];
        RANDOM.nextBytes(bytes);
        return base64(bytes);
    }

    /** RFC 5802 "printable": %x21-2B / %x2D-7E, i.e. visible ASCII except the comma. */
    static boolean isPrintable(String value) {
        if (value.isEmpty()) {
            return false;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x21 || c > 0x7E || c == ',') {
                return false;
            }
        }
        return true;
    }

    /** Our own nonce sources (random or injected for tests) must produce a valid nonce. */
    static String checkNonce(String nonce) {
        if (nonce == null || !isPrintable(nonce)) {
            throw new IllegalStateException("nonce source produced an invalid SCRAM nonce"
                    + " (needs at least one printable ASCII character and no comma)");
        }
        return nonce;
    }

    /**
     * An HMAC key that may be empty: SecretKeySpec refuses empty keys, yet an empty password is a
     * legal HMAC key and PostgreSQL clients may send one.
     */
    private record RawKey(byte[] bytes) implements SecretKey {
        private static final long serialVersionUID = 1L;

        @Override
        public String getAlgorithm() {
            return "HmacSHA256";
        }

        @Override
        public String getFormat() {
            return "RAW";
        }

        @Override
        public byte[] getEncoded() {
            return bytes.clone();
        }
    }
}
