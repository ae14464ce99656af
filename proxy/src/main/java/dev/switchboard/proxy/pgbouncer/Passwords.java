// Passwords: which kind of secret a PgBouncer auth_file entry holds.
package dev.switchboard.proxy.pgbouncer;

import java.util.regex.Pattern;

/** The same three kinds Switchboard's {@code users[].password} accepts: plaintext, md5 hash, SCRAM secret. */
final class Passwords {
    private static final Pattern MD5 = Pattern.compile("md5[0-9a-f]{32}");

    private Passwords() {
    }

    static boolean isMd5(String secret) {
        return MD5.matcher(secret).matches();
    }

    static boolean isScram(String secret) {
        return secret.startsWith("SCRAM-SHA-256$");
    }

    static boolean isHash(String secret) {
        return isMd5(secret) || isScram(secret);
    }
}
