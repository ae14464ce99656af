// Pins: the session state that ties a transaction-mode client to its server, and how to tell when it is gone.
package dev.switchboard.proxy.txn;

import dev.switchboard.proxy.sql.PinReason;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * A client holding state the proxy cannot carry (an advisory lock, a temporary table…) keeps its server
 * until the state is gone. Whether it is gone is asked of the server itself after a statement that may
 * have ended it, so nothing depends on parsing every possible way to drop a table or release a lock.
 */
final class Pins {
    /** One row: how much of each releasable kind of state the session still holds. */
    static final String CHECK_SQL = "SELECT"
            + " (SELECT count(*) FROM pg_catalog.pg_locks WHERE locktype = 'advisory' AND pid = pg_catalog.pg_backend_pid()),"
            + " (SELECT count(*) FROM pg_catalog.pg_class WHERE relnamespace = pg_catalog.pg_my_temp_schema()),"
            + " (SELECT count(*) FROM pg_catalog.pg_cursors WHERE is_holdable),"
            + " (SELECT count(*) FROM pg_catalog.pg_prepared_statements WHERE from_sql),"
            // SET ROLE / SESSION AUTHORIZATION are gone once both identities are the login role again
            // (pg_stat_activity keeps the role the session authenticated as).
            + " CASE WHEN current_user = session_user AND session_user = (SELECT usename FROM"
            + " pg_catalog.pg_stat_activity WHERE pid = pg_catalog.pg_backend_pid()) THEN 0 ELSE 1 END";
    private static final PinReason[] CHECKED = {
        PinReason.ADVISORY_LOCK, PinReason.TEMPORARY_TABLE, PinReason.HOLD_CURSOR, PinReason.SQL_PREPARE,
        PinReason.SESSION_AUTHORIZATION};

    private final EnumSet<PinReason> reasons = EnumSet.noneOf(PinReason.class);
    private boolean checkDue;
    /** Told of every change of the reasons (the admin console's SHOW PINS); null until someone listens. */
    private Runnable onChange;

    /** Adds reasons; returns the ones that are new (to be logged and counted once). */
    Set<PinReason> add(Set<PinReason> more) {
        EnumSet<PinReason> added = EnumSet.noneOf(PinReason.class);
        for (PinReason reason : more) {
            if (reasons.add(reason)) {
                added.add(reason);
            }
        }
        if (!added.isEmpty()) {
            changed();
        }
        return added;
    }

    boolean pinned() {
        return !reasons.isEmpty();
    }

    Set<PinReason> reasons() {
        return EnumSet.copyOf(reasons.isEmpty() ? EnumSet.noneOf(PinReason.class) : reasons);
    }

    /** A statement ran that may have released pinned state: ask the server at the next rest point. */
    void checkDue() {
        if (pinned()) {
            checkDue = true;
        }
    }

    boolean isCheckDue() {
        return checkDue;
    }

    /** Applies the answer of {@link #CHECK_SQL}; returns the reasons that are gone. */
    Set<PinReason> checked(List<String> row) {
        checkDue = false;
        EnumSet<PinReason> released = EnumSet.noneOf(PinReason.class);
        for (int i = 0; i < CHECKED.length; i++) {
            if (reasons.contains(CHECKED[i]) && "0".equals(row.get(i))) {
                reasons.remove(CHECKED[i]);
                released.add(CHECKED[i]);
            }
        }
        if (!released.isEmpty()) {
            changed();
        }
        return released;
    }

    void clear() {
        boolean was = pinned();
        reasons.clear();
        checkDue = false;
        if (was) {
            changed();
        }
    }

    /** Whether someone already listens to changes. */
    boolean followed() {
        return onChange != null;
    }

    /** Runs {@code listener} after every change of the reasons, on the session's event loop. */
    void onChange(Runnable listener) {
        this.onChange = listener;
    }

    private void changed() {
        if (onChange != null) {
            onChange.run();
        }
    }
}
