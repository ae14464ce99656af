// TargetRole: the role a client is shown is its database's target, not whichever server it landed on.
package dev.switchboard.proxy.extensions;

import dev.switchboard.config.Target;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * libpq's {@code target_session_attrs} and pgJDBC's {@code targetServerType} judge a connection by the
 * {@code in_hot_standby} and {@code default_transaction_read_only} it reports at startup (PostgreSQL 14 and later
 * report both). Through the proxy a connection is a database, not a server: a {@code read-write} database is a
 * primary to its clients — also when the pooled server that greets them was opened on a standby that has been
 * promoted since, whose report is stale — and a {@code read-only} one a standby. Other targets mix both: the
 * server's own report stands. A server that does not report a parameter is left as it is.
 */
public final class TargetRole {
    static final String IN_HOT_STANDBY = "in_hot_standby";
    static final String DEFAULT_TRANSACTION_READ_ONLY = "default_transaction_read_only";

    private TargetRole() {
    }

    /** The server's parameters as the client is shown them at startup. */
    public static Map<String, String> shown(Map<String, String> server, Target target) {
        String truth = switch (target) {
            case READ_WRITE -> "off";
            case READ_ONLY -> "on";
            case PREFER_STANDBY, ANY -> null;
        };
        if (truth == null
                || isShown(server, IN_HOT_STANDBY, truth) && isShown(server, DEFAULT_TRANSACTION_READ_ONLY, truth)) {
            return server; // the usual case: nothing to copy
        }
        Map<String, String> shown = new LinkedHashMap<>(server);
        shown.replace(IN_HOT_STANDBY, truth);
        shown.replace(DEFAULT_TRANSACTION_READ_ONLY, truth);
        return shown;
    }

    /** Not reported, or reported as the truth. */
    private static boolean isShown(Map<String, String> server, String name, String truth) {
        String reported = server.get(name);
        return reported == null || reported.equals(truth);
    }

    /**
     * Whether a server's later report of {@code name} is kept from the client: a server promoted under a
     * {@code read-only} or {@code read-write} database changes its {@code in_hot_standby}, the database does not.
     * A client's own {@code SET default_transaction_read_only} is reported to it as PostgreSQL reports it.
     */
    public static boolean hidesReport(String name, Target target) {
        return (target == Target.READ_WRITE || target == Target.READ_ONLY) && name.equalsIgnoreCase(IN_HOT_STANDBY);
    }
}
