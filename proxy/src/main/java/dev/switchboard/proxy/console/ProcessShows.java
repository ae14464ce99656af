// ProcessShows: SHOW CONFIG, MEM, STATE, VERSION, PEERS and Switchboard's TOPOLOGY and EXTENSIONS.
package dev.switchboard.proxy.console;

import dev.switchboard.config.ListenConfig;
import dev.switchboard.config.LimitsConfig;
import dev.switchboard.config.PoolConfig;
import dev.switchboard.config.SwitchboardConfig;
import dev.switchboard.proxy.ProxyContext;
import dev.switchboard.proxy.extensions.Extension;
import dev.switchboard.topology.Lsn;
import dev.switchboard.topology.NodeView;
import dev.switchboard.topology.TopologySnapshot;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** The process as a whole: its settings under PgBouncer's names, its state, its version, its clusters. */
final class ProcessShows {
    /** The PgBouncer release whose console this one answers like; tools read it from server_version. */
    static final String PGBOUNCER_VERSION = "1.25.2";

    private final ProxyContext context;
    private final String version;

    ProcessShows(ProxyContext context, String version) {
        this.context = context;
        this.version = version;
    }

    /** The SHOW CONFIG keys that RELOAD applies. */

    /**
     * The settings that have a PgBouncer name, sorted by key as PgBouncer sorts them, with Switchboard's defaults.
     * The pool settings, the console users and the databases and users change with RELOAD; the rest only with a
     * restart. Keys changed in the file that wait for a restart are listed under {@code restart_pending}.
     */
    ConsoleResult config() {
        SwitchboardConfig c = context.config();
        PoolConfig pool = c.pool();
        PoolConfig poolDefaults = PoolConfig.defaults();
        ListenConfig listen = c.listen();
        LimitsConfig limits = c.limits();
        Map<String, String[]> rows = new TreeMap<>();
        rows.put("admin_users", pair(String.join(",", c.console().adminUsers()), ""));
        rows.put("stats_users", pair(String.join(",", c.console().statsUsers()), ""));
        rows.put("listen_addr", pair(listen.address(), ListenConfig.DEFAULT_ADDRESS));
        rows.put("listen_port", pair(listen.port(), ListenConfig.DEFAULT_PORT));
        rows.put("unix_socket_dir", pair(listen.unixSocketDir() == null ? "" : listen.unixSocketDir(), ""));
        rows.put("max_client_conn", pair(listen.maxClientConnections(), ListenConfig.DEFAULT_MAX_CLIENT_CONNECTIONS));
        rows.put("pool_mode", pair(PoolShows.modeName(pool.mode()), PoolShows.modeName(poolDefaults.mode())));
        rows.put("default_pool_size", pair(pool.size(), poolDefaults.size()));
        rows.put("min_pool_size", pair(pool.minIdle(), poolDefaults.minIdle()));
        rows.put("reserve_pool_size", pair(0, 0));
        rows.put("max_db_connections", pair(0, 0));
        rows.put("max_user_connections", pair(0, 0));
        rows.put("max_prepared_statements", pair(pool.maxPreparedStatements(), poolDefaults.maxPreparedStatements()));
        rows.put("server_reset_query", pair(pool.resetQuery() == null ? "" : pool.resetQuery(),
                poolDefaults.resetQuery()));
        rows.put("server_lifetime", pair(seconds(pool.maxLifetime()), seconds(poolDefaults.maxLifetime())));
        rows.put("server_idle_timeout", pair(seconds(pool.idleTimeout()), seconds(poolDefaults.idleTimeout())));
        rows.put("query_wait_timeout", pair(seconds(pool.waitTimeout()), seconds(poolDefaults.waitTimeout())));
        rows.put("client_login_timeout", pair(seconds(limits.startupTimeout()),
                seconds(LimitsConfig.DEFAULT_STARTUP_TIMEOUT)));
        rows.put("server_connect_timeout", pair(seconds(limits.connectTimeout()),
                seconds(LimitsConfig.DEFAULT_CONNECT_TIMEOUT)));
        rows.put("max_packet_size", pair(limits.maxMessageSize(), LimitsConfig.DEFAULT_MAX_MESSAGE_SIZE));
        rows.put("auth_type", pair(c.auth().defaultMethod().yamlName(),
                dev.switchboard.config.AuthConfig.DEFAULT_METHOD.yamlName()));
        rows.put("restart_pending", pair(String.join(",", context.reloader().needRestart()), ""));
        ConsoleResult result = new ConsoleResult(ShowColumns.CONFIG);
        rows.forEach((key, values) -> result.row(key, values[0], values[1], LiveSettings.LIVE.contains(key) ? "yes" : "no"));
        return result;
    }

    private static String[] pair(Object value, Object def) {
        return new String[] {String.valueOf(value), String.valueOf(def)};
    }

    /** PgBouncer gives times in seconds; a fraction is kept rather than rounded away. */
    private static String seconds(Duration d) {
        return BigDecimal.valueOf(d.toMillis()).movePointLeft(3).stripTrailingZeros().toPlainString();
    }

    /** PgBouncer's slab caches, with nothing in them: the JVM's heap is not divided so. */
    ConsoleResult mem() {
        ConsoleResult result = new ConsoleResult(ShowColumns.MEM);
        for (String name : ShowColumns.MEM_NAMES) {
            result.row(name, 0, 0, 0, 0);
        }
        return result;
    }

    ConsoleResult state() {
        // PgBouncer's pause mode: PAUSE without a database; a single paused database shows in SHOW DATABASES.
        boolean paused = context.consoleControl().state(ConsoleControl.EVERY_DATABASE).paused();
        return new ConsoleResult(ShowColumns.STATE).row("active", paused ? "no" : "yes")
                .row("paused", paused ? "yes" : "no").row("suspended", "no");
    }

    ConsoleResult version() {
        return new ConsoleResult(ShowColumns.VERSION).row("Switchboard " + version);
    }

    /** The other instances cancel requests are forwarded to (peers.instances); pool_size 0, as they pool nothing here. */
    ConsoleResult peers() {
        ConsoleResult result = new ConsoleResult(ShowColumns.PEERS);
        if (context.config().peers() != null) {
            context.config().peers().instances().forEach((id, address) ->
                    result.row(id, address.host(), address.port(), 0));
        }
        return result;
    }

    ConsoleResult topology() {
        ConsoleResult result = new ConsoleResult(ShowColumns.TOPOLOGY);
        for (TopologySnapshot snapshot : context.topologies().snapshots()) {
            for (NodeView node : snapshot.nodes()) {
                result.row(snapshot.cluster(), node.node(), node.role(), node.state().label(),
                        node.timeline() == 0 ? null : node.timeline(),
                        node.lsn() == Lsn.UNKNOWN ? null : Lsn.format(node.lsn()),
                        node.lagBytes() < 0 ? null : node.lagBytes(),
                        Double.isNaN(node.lagSeconds()) || Double.isInfinite(node.lagSeconds()) ? null
                                : String.format(Locale.ROOT, "%.3f", node.lagSeconds()),
                        node.writeTarget() ? 1 : 0, node.since(), node.detail());
            }
        }
        return result;
    }

    /** Each protocol extension and how many logged-in clients asked for it in their startup packet. */
    ConsoleResult extensions() {
        ConsoleResult result = new ConsoleResult(ShowColumns.EXTENSIONS);
        for (Extension extension : Extension.values()) {
            String parameter = Extension.PROTOCOL_PREFIX + extension.label();
            long clients = context.clientList().all().stream()
                    .filter(c -> c.connection().startup().protocolOptions().keySet().stream()
                            .anyMatch(name -> extension == Extension.ofProtocolParameter(name)))
                    .count();
            result.row(extension.label(), parameter, extension.protocolOnly() ? null : extension.setting(),
                    (int) clients);
        }
        return result;
    }
}
