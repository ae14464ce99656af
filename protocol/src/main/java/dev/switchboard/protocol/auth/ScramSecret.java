// A SCRAM-SHA-256 verifier as PostgreSQL stores it in pg_authid.rolpassword.
package dev.switchboard.protocol.auth;

import java.util.Arrays;
import java.util.Objects;

/**
 * The server-side SCRAM-SHA-256 credential: {@code SCRAM-SHA-256$<iterations>:<salt>$<StoredKey>:<ServerKey>}
 * with base64 fields, exactly PostgreSQL's format. Arrays are copied in and out, so an instance is immutable.
 *
 * @param iterations Hi() iteration count, at least 1
 * @param salt       non-empty salt
 * @param storedKey  H(ClientKey), 32 bytes
 * @param serverKey  HMAC(SaltedPassword, "Server Key"), 32 bytes
 */
public record ScramSecret(int iterations, byte[] salt, byte[] storedKey, byte[] serverKey) {

    private static final String PREFIX = ScramCrypto.MECHANISM + "$";

    /** Validates and copies the fields. */
    public ScramSecret {
        if (iterations < 1) {
            throw new IllegalArgumentException("SCRAM iteration count must be at least 1, got " + iterations);
        }
        Objects.requireNonNull(salt, "salt");
        Objects.requireNonNull(storedKey, "storedKey");
        Objects.requireNonNull(serverKey, "serverKey");
        if (salt.length == 0) {
            throw new IllegalArgumentException("SCRAM salt must not be empty");
        }
        if (storedKey.length != ScramCrypto.KEY_LENGTH || serverKey.length != ScramCrypto.KEY_LENGTH) {
            throw new IllegalArgumentException("SCRAM-SHA-256 StoredKey and ServerKey must be 32 bytes each");
        }
        salt = salt.clone();
        storedKey = storedKey.clone();
        serverKey = serverKey.clone();
    }

    /**
     * Parses PostgreSQL's format.
     *
     * @throws IllegalArgumentException naming the broken part, never quoting the secret
     */
    public static ScramSecret parse(String s) {
        if (s == null || !s.startsWith(PREFIX)) {
            throw new IllegalArgumentException("invalid SCRAM secret: does not start with \"" + PREFIX + "\"");
        }
        String[] parts = s.substring(PREFIX.length()).split("\\$", -1);
        if (parts.length != 2) {
            throw new IllegalArgumentException(
                    "invalid SCRAM secret: expected <iterations>:<salt>$<StoredKey>:<ServerKey>");
        }
        String[] params = parts[0].split(":", -1);
        String[] keys = parts[1].split(":", -1);
        if (params.length != 2 || keys.length != 2) {
            throw new IllegalArgumentException(
                    "invalid SCRAM secret: expected <iterations>:<salt>$<StoredKey>:<ServerKey>");
        }
        int iterations;
        try {
            iterations = Integer.parseInt(params[0]);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("invalid SCRAM secret: iteration count is not a number");
        }
        if (iterations < 1) {
            throw new IllegalArgumentException("invalid SCRAM secret: iteration count must be at least 1");
        }
        byte[] salt = decode(params[1], "salt");
        byte[] storedKey = decode(keys[0], "StoredKey");
        byte[] serverKey = decode(keys[1], "ServerKey");
        if (salt.length == 0) {
            throw new IllegalArgumentException("invalid SCRAM secret: salt is empty");
        }
        if (storedKey.length != ScramCrypto.KEY_LENGTH || serverKey.length != ScramCrypto.KEY_LENGTH) {
            throw new IllegalArgumentException("invalid SCRAM secret: StoredKey and ServerKey must be 32 bytes");
        }
        return new ScramSecret(iterations, salt, storedKey, serverKey);
    }

    /** True when {@code s} parses as a SCRAM-SHA-256 secret (the test PostgreSQL itself uses). */
    public static boolean looksLikeScramSecret(String s) {
        if (s == null || !s.startsWith(PREFIX)) {
            return false; // a plain password or an md5 hash, asked about at every such login: no exception for it
        }
        try {
            parse(s);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** The secret PostgreSQL would store for {@code password} with this salt and iteration count. */
    public static ScramSecret fromPassword(String password, byte[] salt, int iterations) {
        Objects.requireNonNull(password, "password");
        Objects.requireNonNull(salt, "salt");
        if (iterations < 1) {
            throw new IllegalArgumentException("SCRAM iteration count must be at least 1, got " + iterations);
        }
        ScramKeys keys = ScramKeys.derive(password, salt, iterations);
        return new ScramSecret(iterations, salt, keys.storedKey(), keys.serverKey());
    }

    /** Like {@code ALTER ROLE ... PASSWORD}: a random 16-byte salt and 4096 iterations. */
    public static ScramSecret fromPassword(String password) {
        byte[] salt = new byte[ScramCrypto.DEFAULT_SALT_LENGTH];
        ScramCrypto.RANDOM.nextBytes(salt);
        return fromPassword(password, salt, ScramCrypto.DEFAULT_ITERATIONS);
    }

    @Override
    public byte[] salt() {
        return salt.clone();
    }

    @Override
    public byte[] storedKey() {
        return storedKey.clone();
    }

    @Override
    public byte[] serverKey() {
        return serverKey.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ScramSecret other
                && iterations == other.iterations
                && Arrays.equals(salt, other.salt)
                && Arrays.equals(storedKey, other.storedKey)
                && Arrays.equals(serverKey, other.serverKey);
    }

    @Override
    public int hashCode() {
        int h = Integer.hashCode(iterations);
        h = 31 * h + Arrays.hashCode(salt);
        h = 31 * h + Arrays.hashCode(storedKey);
        return 31 * h + Arrays.hashCode(serverKey);
    }

    /** PostgreSQL's format, as accepted by {@link #parse} and by {@code ALTER ROLE ... PASSWORD}. */
    @Override
    public String toString() {
        return PREFIX + iterations + ":" + ScramCrypto.base64(salt) + "$"
                + ScramCrypto.base64(storedKey) + ":" + ScramCrypto.base64(serverKey);
    }

    private static byte[] decode(String text, String field) {
        byte[] bytes = ScramCrypto.unbase64(text);
        if (bytes == null) {
            throw new IllegalArgumentException("invalid SCRAM secret: " + field + " is not valid base64");
        }
        return bytes;
    }
}
