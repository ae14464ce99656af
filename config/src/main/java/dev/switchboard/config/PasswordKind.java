// Tells a plaintext password from a stored PostgreSQL SCRAM secret or md5 hash.
package dev.switchboard.config;

import java.util.Base64;
import java.util.Optional;

/** What a configured password string holds. Follows PostgreSQL's own rules for pg_authid.rolpassword. */
public enum PasswordKind {
    /** A password in clear text: usable for every auth method and to log in to PostgreSQL. */
    PLAINTEXT,
    /** {@code SCRAM-SHA-256$<iterations>:<salt>$<StoredKey>:<ServerKey>}: verifies SCRAM clients only. */
    SCRAM_SECRET,
    /** {@code md5} followed by 32 lowercase hex digits (md5 of password+username). */
    MD5_HASH;

    static final String SCRAM_PREFIX = "SCRAM-SHA-256$";
    private static final int MD5_LENGTH = 35;
    private static final int SCRAM_KEY_BYTES = 32;

    /** Classifies by shape only; {@link #problem} tells whether a secret-looking value is well formed. */
    public static PasswordKind classify(String password) {
        if (password.startsWith(SCRAM_PREFIX)) {
            return SCRAM_SECRET;
        }
        if (password.length() == MD5_LENGTH && password.startsWith("md5") && isHex(password.substring(3), false)) {
            return MD5_HASH;
        }
        return PLAINTEXT;
    }

    /**
     * A description of what is wrong with a value that looks like a stored secret but is not valid,
     * or empty when the value is fine. Never includes the value itself.
     */
    public static Optional<String> problem(String password) {
        if (password.isEmpty()) {
            return Optional.of("must not be empty");
        }
        if (password.startsWith(SCRAM_PREFIX)) {
            return scramProblem(password.substring(SCRAM_PREFIX.length()));
        }
        if (password.length() == MD5_LENGTH && password.startsWith("md5") && isHex(password.substring(3), true)
                && !isHex(password.substring(3), false)) {
            return Optional.of("looks like an md5 hash but has uppercase hex digits; PostgreSQL md5 hashes are "
                    + "\"md5\" followed by 32 lowercase hex digits");
        }
        return Optional.empty();
    }

    private static Optional<String> scramProblem(String rest) {
        String expected = "malformed SCRAM secret; expected SCRAM-SHA-256$<iterations>:<salt>$<StoredKey>:<ServerKey>"
                + " (base64), as stored in pg_authid";
        int dollar = rest.indexOf('$');
        if (dollar < 0) {
            return Optional.of(expected);
        }
        String[] head = rest.substring(0, dollar).split(":", -1);
        String[] keys = rest.substring(dollar + 1).split(":", -1);
        if (head.length != 2 || keys.length != 2) {
            return Optional.of(expected);
        }
        try {
            if (Integer.parseInt(head[0]) < 1) {
                return Optional.of(expected + "; the iteration count must be positive");
            }
        } catch (NumberFormatException e) {
            return Optional.of(expected + "; the iteration count is not a number");
        }
        Base64.Decoder b64 = Base64.getDecoder();
        try {
            if (b64.decode(head[1]).length == 0) {
                return Optional.of(expected + "; the salt is empty");
            }
            if (b64.decode(keys[0]).length != SCRAM_KEY_BYTES || b64.decode(keys[1]).length != SCRAM_KEY_BYTES) {
                return Optional.of(expected + "; StoredKey and ServerKey must be 32 bytes each");
            }
        } catch (IllegalArgumentException e) {
            return Optional.of(expected + "; a part is not valid base64");
        }
        return Optional.empty();
    }

    private static boolean isHex(String s, boolean allowUpper) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean ok = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (allowUpper && c >= 'A' && c <= 'F');
            if (!ok) {
                return false;
            }
        }
        return true;
    }
}
