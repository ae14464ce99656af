// AdvisoryFunctions: which function names take or release a session-level advisory lock.
package dev.switchboard.proxy.sql;

/**
 * Session advisory locks outlive the transaction, so taking one pins the client; the {@code _xact_}
 * variants end with the transaction and do not. Names are matched case-insensitively on a slice of the text.
 */
final class AdvisoryFunctions {
    static final int NONE = 0;
    static final int LOCK = 1;
    static final int UNLOCK = 2;

    private static final String[] LOCKS = {
        "pg_advisory_lock", "pg_advisory_lock_shared", "pg_try_advisory_lock", "pg_try_advisory_lock_shared",
    };
    private static final String[] UNLOCKS = {
        "pg_advisory_unlock", "pg_advisory_unlock_shared", "pg_advisory_unlock_all",
    };

    private AdvisoryFunctions() {
    }

    /** LOCK, UNLOCK or NONE for the name in {@code sql[start, end)}. */
    static int kind(String sql, int start, int end) {
        int length = end - start;
        if (length < 16 || !sql.regionMatches(true, start, "pg_", 0, 3)) {
            return NONE;
        }
        for (String name : LOCKS) {
            if (name.length() == length && sql.regionMatches(true, start, name, 0, length)) {
                return LOCK;
            }
        }
        for (String name : UNLOCKS) {
            if (name.length() == length && sql.regionMatches(true, start, name, 0, length)) {
                return UNLOCK;
            }
        }
        return NONE;
    }
}
