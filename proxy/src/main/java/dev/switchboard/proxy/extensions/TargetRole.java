// TargetRole: the role a client is shown at startup is its database's target, not whichever server it landed on.
package dev.switchboard.proxy.extensions;

import dev.switchboard.config.Target;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * libpq's {@code target_session_attrs} and pgJDBC's {@code targetServerType} judge a connection by the
 * {@code in_hot_standby} it reports at startup (PostgreSQL 14 and later report it). Through the proxy a connection
 * is a database, not a server: a {@code read-write} database is a primary to its clients — also when the pooled
 * server that greets them was opened on a standby that has been promoted since, whose report is stale — and a
 * {@code read-only} one a standby. Other targets mix both: the server's own report stands. A server that does
 * not report the parameter is left as it is.
 */
public final class TargetRole {
    static final String IN_HOT_STANDBY = "in_hot_standby";

    private TargetRole() {
    }

    /** The server's parameters as the client is shown them. */
    public static Map<String, String> shown(Map<String, String> server, Target target) {
        String reported = server.get(IN_HOT_STANDBY);
        String truth = switch (target) {
            case READ_WRITE -> "off";
            case READ_ONLY -> "on";
            case PREFER_STANDBY, ANY -> reported;
        };
        if (reported == null || reported.equals(truth)) {
            return server; // the usual case: nothing to copy
        }
        Map<String, String> shown = new LinkedHashMap<>(server);
        shown.put(IN_HOT_STANDBY, truth);
        return shown;
    }
}
