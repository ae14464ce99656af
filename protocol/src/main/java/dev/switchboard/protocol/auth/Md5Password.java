// PostgreSQL's MD5 password scheme: the stored hash and the salted challenge response.
package dev.switchboard.protocol.auth;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;

/**
 * MD5 authentication as PostgreSQL does it: the stored form is {@code "md5" + hex(md5(password + user))}
 * and the answer to AuthenticationMD5Password is {@code "md5" + hex(md5(hex(md5(password + user)) + salt))}.
 * Strings are hashed as UTF-8.
 */
public final class Md5Password {

    private static final String PREFIX = "md5";
    private static final int HASH_LENGTH = 35;
    private static final int SALT_LENGTH = 4;

    private Md5Password() {
    }

    /** What PostgreSQL stores in pg_authid for this user and password. */
    public static String encode(String user, String password) {
        return PREFIX + md5Hex(bytes(password + user));
    }

    /**
     * The PasswordMessage payload a client sends for AuthenticationMD5Password.
     *
     * @param passwordOrStoredMd5 the plain password, or an already encoded {@code md5...} hash (then the
     *                            user name is not needed for the inner hash, as in pg_authid)
     */
    public static String response(String user, String passwordOrStoredMd5, byte[] salt) {
        if (salt == null || salt.length != SALT_LENGTH) {
            throw new IllegalArgumentException("MD5 salt must be exactly 4 bytes");
        }
        String stored = looksLikeMd5Hash(passwordOrStoredMd5)
                ? passwordOrStoredMd5
                : encode(user, passwordOrStoredMd5);
        byte[] inner = bytes(stored.substring(PREFIX.length()));
        byte[] input = new byte[inner.length + salt.length];
        System.arraycopy(inner, 0, input, 0, inner.length);
        System.arraycopy(salt, 0, input, inner.length, salt.length);
        return PREFIX + md5Hex(input);
    }

    /**
     * Checks a client's response in constant time; false (not an exception) for a null or malformed response.
     * A stored SCRAM secret never verifies: it cannot answer an MD5 challenge, and treating it as a plain
     * password would let anyone who has read the secret log in with it.
     *
     * @param storedPlainOrMd5 the plain password or the {@code md5...} hash from pg_authid
     */
    public static boolean verify(String user, String storedPlainOrMd5, byte[] salt, String clientResponse) {
        if (clientResponse == null || storedPlainOrMd5 == null || ScramSecret.looksLikeScramSecret(storedPlainOrMd5)) {
            return false;
        }
        String expected = response(user, storedPlainOrMd5, salt);
        return MessageDigest.isEqual(bytes(expected), bytes(clientResponse));
    }

    /** A fresh random 4-byte salt for AuthenticationMD5Password. */
    public static byte[] newSalt() {
        byte[] salt = new byte[SALT_LENGTH];
        ScramCrypto.RANDOM.nextBytes(salt);
        return salt;
    }

    /** PostgreSQL's own test: "md5" followed by exactly 32 lowercase hex digits. */
    public static boolean looksLikeMd5Hash(String s) {
        if (s == null || s.length() != HASH_LENGTH || !s.startsWith(PREFIX)) {
            return false;
        }
        for (int i = PREFIX.length(); i < HASH_LENGTH; i++) {
            char c = s.charAt(i);
            if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f')) {
                return false;
            }
        }
        return true;
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String md5Hex(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(data));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("MD5 is missing from this JDK", e);
        }
    }
}
