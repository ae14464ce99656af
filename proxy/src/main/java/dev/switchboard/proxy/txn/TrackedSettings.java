// TrackedSettings: the run-time settings a transaction-mode client would have on a dedicated connection.
package dev.switchboard.proxy.txn;

import dev.switchboard.proxy.link.SettingsSync;
import dev.switchboard.proxy.sql.SettingChange;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * What the client asked for in its startup packet plus every session-level SET/RESET it ran, so that any
 * server it lands on can be brought to the same state. A SET inside a transaction block counts only once
 * the block commits; a rolled-back block leaves the settings as they were (PostgreSQL's own rule).
 * Reported settings changed by what the client ran without a SET (a function, a DO block) count as SETs
 * too ({@link #reported}). Confined to the client's event loop.
 */
final class TrackedSettings {
    private static final String SEARCH_PATH = "search_path";

    /** Reported parameters that are no session setting to replay: fixed at startup, or an identity (a pin's business). */
    private static final Set<String> NOT_REPLAYED = Set.of("server_version", "server_encoding", "integer_datetimes",
            "in_hot_standby", "is_superuser", "session_authorization");

    private final Map<String, String> startup;
    /**
     * The settings the client has now. The startup map itself until a SET or RESET changes one: most clients
     * never change a setting, and an idle client then holds no map of its own.
     */
    private Map<String, String> desired;
    /** SET/RESET of requests not yet answered, and of the transaction still open. */
    private final RequestBatches<SettingChange> pending = new RequestBatches<>();

    TrackedSettings(Map<String, String> startupSettings) {
        Map<String, String> lower = new HashMap<>();
        startupSettings.forEach((k, v) -> lower.put(k.toLowerCase(Locale.ROOT), v));
        this.startup = Map.copyOf(lower);
        this.desired = startup;
    }

    /** The settings the client has now, by lower-case name (what a successor process needs to go on). */
    Map<String, String> now() {
        return Map.copyOf(desired);
    }

    /** A client taken over from another process: its settings now, as that process tracked them. */
    void resume(Map<String, String> now) {
        Map<String, String> resumed = new HashMap<>();
        now.forEach((k, v) -> resumed.put(k.toLowerCase(Locale.ROOT), v));
        desired = resumed;
    }

    void addPending(List<SettingChange> changes) {
        pending.addAll(changes);
    }

    /** The changes of the request being routed, in order. */
    List<SettingChange> routing() {
        return pending.routing();
    }

    /** The startup settings, by lower-case name. */
    Map<String, String> startup() {
        return startup;
    }

    /** The request routed until now was ended (Query, Sync): its changes wait for its ReadyForQuery. */
    void requestSent() {
        pending.requestSent();
    }

    /** The oldest request sent was answered: its changes stand or fall with the transaction. */
    void requestAnswered() {
        pending.requestAnswered();
    }

    /**
     * The server reported a parameter's value (ParameterStatus) during one of the client's requests: when
     * the value is not what the tracked settings already give, something the client ran changed it, and it
     * becomes a pending SET like the client's own. PostgreSQL reports only at the end of a request, with the
     * final value, so the SET goes last. A report following a pending RESET is that RESET's doing (the
     * pooled server falls back to its own default, which is not the client's startup value): left alone.
     * A routine declared with a SET clause restores the value on exit, so nothing is reported.
     */
    void reported(String name, String value) {
        String key = name.toLowerCase(Locale.ROOT);
        if (NOT_REPLAYED.contains(key)) {
            return;
        }
        String current = desired.get(key);
        List<SettingChange> before = new ArrayList<>(pending.answered());
        before.addAll(pending.answering());
        for (int i = before.size() - 1; i >= 0; i--) {
            SettingChange change = before.get(i);
            if (change instanceof SettingChange.Set set && set.name().equals(key)) {
                current = set.value();
                break;
            }
            if (change instanceof SettingChange.ResetAll
                    || change instanceof SettingChange.Reset reset && reset.name().equals(key)) {
                return;
            }
        }
        if (!value.equals(current)) {
            pending.addAnswering(new SettingChange.Set(key, value));
        }
    }

    boolean hasPending() {
        return pending.hasAny();
    }

    /** The transaction was rolled back (or its request failed): its changes never happened. */
    void discardPending() {
        pending.clearAnswered();
    }

    /** The server was lost: no change of any request sent to it stands. */
    void discardAllPending() {
        pending.clear();
    }

    /**
     * The pending changes ran on {@code server} and stay: record them for the client and for that server.
     * RESET brings a dedicated connection back to its startup value, but a pooled server back to its own
     * default — {@link #syncSql} then re-applies the startup value.
     */
    void commitPending(Map<String, String> server) {
        for (SettingChange change : pending.answered()) {
            if (change instanceof SettingChange.Set set) {
                changeable().put(set.name(), set.value());
                server.put(set.name(), set.value());
            } else if (change instanceof SettingChange.Reset reset) {
                restoreStartup(reset.name());
                // The proxy set the startup value again right after the RESET (StartupRestore).
                String startupValue = startup.get(reset.name());
                if (startupValue == null) {
                    server.remove(reset.name());
                } else {
                    server.put(reset.name(), startupValue);
                }
            } else {
                desired = startup;
                server.clear();
                server.putAll(startup);
            }
        }
        pending.clearAnswered();
    }

    /** DISCARD ALL ran on the server: every setting is back to its default there, and to startup here. */
    void discardAll(Map<String, String> server) {
        pending.clearAnswered();
        desired = startup;
        server.clear();
        server.putAll(startup); // set again right after the DISCARD ALL (StartupRestore)
    }

    private void restoreStartup(String name) {
        String value = startup.get(name);
        if (value == null) {
            changeable().remove(name);
        } else {
            changeable().put(name, value);
        }
    }

    /** {@link #desired} as a map of this client's own, made at the first change. */
    private Map<String, String> changeable() {
        if (desired == startup) {
            desired = new HashMap<>(startup);
        }
        return desired;
    }

    /**
     * The statements making a server carry exactly this client's settings, or null when it already does.
     *
     * @param applied  what was applied on that server beyond its defaults
     * @param reported what that server reports (ParameterStatus)
     */
    String syncSql(Map<String, String> applied, Map<String, String> reported) {
        if (applied.equals(desired)) {
            return null; // the usual case at a lease: nothing to build
        }
        String sql = SettingsSync.sql(desired, applied, reported);
        if (sql == null) {
            synced(applied); // every wanted value is the server's own already
        }
        return sql;
    }

    /** The server now carries this client's settings (after {@link #syncSql} succeeded). */
    void synced(Map<String, String> server) {
        server.clear();
        server.putAll(desired);
    }

    /**
     * The search_path the leased server runs with at this point of the request, null for its default: the
     * client's value (the server was brought to it at the lease) changed by this request's pending SET and
     * RESET as they act on a pooled server — a RESET there falls back to the server's default. SET LOCAL is
     * not seen, and a change a routine makes only once the server reports it at the end of its request.
     */
    String searchPathNow() {
        String path = desired.get(SEARCH_PATH);
        if (!pending.hasAny()) {
            return path;
        }
        for (SettingChange change : pending.all()) {
            if (change instanceof SettingChange.Set set && set.name().equals(SEARCH_PATH)) {
                path = set.value();
            } else if (change instanceof SettingChange.ResetAll
                    || (change instanceof SettingChange.Reset reset && reset.name().equals(SEARCH_PATH))) {
                path = null;
            }
        }
        return path;
    }

    Map<String, String> desired() {
        return Map.copyOf(desired);
    }
}
