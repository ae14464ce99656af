// SessionState: whether a session-mode client has put anything on its server that another server would lack.
package dev.switchboard.proxy.session;

import dev.switchboard.proxy.sql.Classification;
import dev.switchboard.proxy.sql.SettingChange;
import dev.switchboard.proxy.sql.SqlClassifier;

/**
 * Watches a session's requests for state that lives on the server: named prepared statements, settings
 * changed after startup, LISTEN, and whatever pins a transaction-mode client (temporary tables, advisory
 * locks, WITH HOLD cursors, SQL PREPARE …). A session without any of it can move to another server when
 * its own goes away. Judged conservatively: a text too large to be looked at counts as state. A plain
 * {@code SET} sent outside a transaction block (pgJDBC sets application_name so) is not state: it is kept
 * with the startup settings and applied again on the new server.
 */
final class SessionState {
    private String reason;

    /** The session came from another process with its server: what it built there is unknown here, so kept. */
    void handedOver() {
        if (reason == null) {
            reason = "state built in the process it came from";
        }
    }

    /** Whether the session has state that would be lost with its server. */
    boolean any() {
        return reason != null;
    }

    /** What the state is (the first thing seen), for logs; null when there is none. */
    String reason() {
        return reason;
    }

    /**
     * Looks at the first piece of a client Query or Parse.
     *
     * @param whole     whether the message arrived whole (a streamed one is too large to look at)
     * @param statement a Parse's statement name ("" for the unnamed one and for a Query)
     * @param sql       the statement text (null when not whole)
     * @param idle      no transaction block is open on the server
     * @param settings  the session's settings to carry; plain SETs sent while idle are added to it
     */
    void note(boolean whole, String statement, String sql, boolean idle, java.util.Map<String, String> settings) {
        if (reason != null) {
            return;
        }
        if (!whole) {
            reason = "a statement too large to look at";
            return;
        }
        if (!statement.isEmpty()) {
            reason = "prepared statement \"" + statement + "\"";
            return;
        }
        Classification classification = SqlClassifier.classify(sql);
        if (classification.isPlain()) {
            return;
        }
        if (idle && onlySets(classification)) {
            for (SettingChange change : classification.settingChanges()) {
                SettingChange.Set set = (SettingChange.Set) change;
                settings.put(set.name(), set.value());
            }
            return;
        }
        reason = describe(classification);
    }

    private static boolean onlySets(Classification c) {
        return c.pins().isEmpty() && !c.mayReleasePins() && c.listens().isEmpty() && c.unlistens().isEmpty()
                && c.deallocates().isEmpty() && !c.deallocateAll() && !c.discardAll()
                && c.settingChanges().stream().allMatch(change -> change instanceof SettingChange.Set);
    }

    private static String describe(Classification c) {
        if (!c.pins().isEmpty()) {
            return c.pins().toString();
        }
        if (!c.settingChanges().isEmpty()) {
            return "SET/RESET " + c.settingChanges().get(0);
        }
        if (!c.listens().isEmpty()) {
            return "LISTEN";
        }
        return "a statement that changes session state";
    }
}
