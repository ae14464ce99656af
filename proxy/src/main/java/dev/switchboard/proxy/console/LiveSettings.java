// LiveSettings: the console's SET key = value — a new configuration with one setting changed, for the keys that apply live.
package dev.switchboard.proxy.console;

import dev.switchboard.config.ConsoleUsers;
import dev.switchboard.config.DatabaseConfig;
import dev.switchboard.config.Durations;
import dev.switchboard.config.PoolConfig;
import dev.switchboard.config.PoolMode;
import dev.switchboard.config.SwitchboardConfig;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Keys are SHOW CONFIG's (PgBouncer's names). A pool key changes the global pool section and every database whose
 * value is the global one (those that do not set their own, and those that set the same value); the next RELOAD
 * reads the file again and so undoes what SET did, as in PgBouncer. Refusals start with PgBouncer's "SET failed".
 */
final class LiveSettings {
    /** SHOW CONFIG's keys that change live. */
    static final Set<String> LIVE = Set.of("admin_users", "stats_users", "pool_mode", "default_pool_size",
            "min_pool_size", "max_prepared_statements", "server_reset_query", "server_lifetime",
            "server_idle_timeout", "query_wait_timeout");
    /** SHOW CONFIG's other keys: they change with a restart only. */
    static final Set<String> RESTART = Set.of("listen_addr", "listen_port", "unix_socket_dir", "max_client_conn",
            "reserve_pool_size", "max_db_connections", "max_user_connections", "client_login_timeout",
            "server_connect_timeout", "max_packet_size", "auth_type", "restart_pending");

    private LiveSettings() {
    }

    /**
     * The configuration with {@code key} set to {@code value}.
     *
     * @throws ConsoleException {@code SET failed: …} for an unknown key, one that needs a restart, or a bad value
     */
    static SwitchboardConfig with(SwitchboardConfig config, String key, String value) {
        if (RESTART.contains(key)) {
            throw failed(key + " changes only with a restart; set it in the configuration file");
        }
        if (!LIVE.contains(key)) {
            throw failed("unknown config parameter: " + key + "; see SHOW CONFIG");
        }
        if (key.equals("admin_users") || key.equals("stats_users")) {
            List<String> names = Arrays.stream(value.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
            ConsoleUsers c = config.console();
            ConsoleUsers next = key.equals("admin_users") ? new ConsoleUsers(names, c.statsUsers())
                    : new ConsoleUsers(c.adminUsers(), names);
            return copy(config, config.pool(), config.databases(), next);
        }
        PoolConfig global = config.pool();
        PoolConfig changed = pool(global, key, value);
        Map<String, DatabaseConfig> databases = new LinkedHashMap<>();
        for (DatabaseConfig d : config.databases().values()) {
            PoolConfig own = d.pool();
            PoolConfig next = same(own, global, key) ? pool(own, key, value) : own;
            if (next.minIdle() > next.size()) {
                throw failed(key + " = " + value + ": database " + d.name() + " keeps min_pool_size " + next.minIdle()
                        + ", more than its pool size " + next.size());
            }
            databases.put(d.name(), new DatabaseConfig(d.name(), d.cluster(), d.dbname(), d.target(), next,
                    d.maxServerConnections(), d.maxLag(), d.readYourWrites(), d.replayWait()));
        }
        if (changed.minIdle() > changed.size()) {
            throw failed("min_pool_size (" + changed.minIdle() + ") must not exceed default_pool_size ("
                    + changed.size() + ")");
        }
        return copy(config, changed, databases, config.console());
    }

    private static boolean same(PoolConfig a, PoolConfig b, String key) {
        return switch (key) {
            case "pool_mode" -> a.mode() == b.mode();
            case "default_pool_size" -> a.size() == b.size();
            case "min_pool_size" -> a.minIdle() == b.minIdle();
            case "max_prepared_statements" -> a.maxPreparedStatements() == b.maxPreparedStatements();
            case "server_reset_query" -> a.resetQuery().equals(b.resetQuery());
            case "server_lifetime" -> a.maxLifetime().equals(b.maxLifetime());
            case "server_idle_timeout" -> a.idleTimeout().equals(b.idleTimeout());
            case "query_wait_timeout" -> a.waitTimeout().equals(b.waitTimeout());
            default -> throw new IllegalArgumentException(key);
        };
    }

    private static PoolConfig pool(PoolConfig p, String key, String value) {
        PoolMode mode = p.mode();
        int size = p.size();
        int minIdle = p.minIdle();
        int maxPrepared = p.maxPreparedStatements();
        String reset = p.resetQuery();
        Duration lifetime = p.maxLifetime();
        Duration idle = p.idleTimeout();
        Duration wait = p.waitTimeout();
        switch (key) {
            case "pool_mode" -> mode = mode(value);
            case "default_pool_size" -> size = integer(key, value, 1, Integer.MAX_VALUE);
            case "min_pool_size" -> minIdle = integer(key, value, 0, Integer.MAX_VALUE);
            case "max_prepared_statements" -> maxPrepared = integer(key, value, 1,
                    PoolConfig.MAX_MAX_PREPARED_STATEMENTS);
            case "server_reset_query" -> reset = value;
            case "server_lifetime" -> lifetime = seconds(key, value);
            case "server_idle_timeout" -> idle = seconds(key, value);
            case "query_wait_timeout" -> wait = seconds(key, value);
            default -> throw new IllegalArgumentException(key);
        }
        return new PoolConfig(mode, size, wait, idle, lifetime, reset, minIdle, p.healthCheckAfterIdle(), maxPrepared);
    }

    private static PoolMode mode(String value) {
        try {
            return PoolMode.valueOf(value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw failed("pool_mode must be session, transaction or statement, got " + value);
        }
    }

    private static int integer(String key, String value, int min, int max) {
        try {
            int n = Integer.parseInt(value);
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw failed(key + " must be a whole number from " + min + " to " + max + ", got " + value);
    }

    /** PgBouncer's times are seconds (a fraction allowed); a Switchboard duration (500ms, 2m) is taken too. */
    private static Duration seconds(String key, String value) {
        try {
            BigDecimal s = new BigDecimal(value);
            if (s.signum() >= 0) {
                return Duration.ofMillis(s.movePointRight(3).longValue());
            }
        } catch (NumberFormatException e) {
            try {
                return Durations.parse(value);
            } catch (RuntimeException notADuration) {
                // answered below
            }
        }
        throw failed(key + " must be seconds (30, 0.5) or a duration (500ms, 2m), not negative; got " + value);
    }

    private static SwitchboardConfig copy(SwitchboardConfig c, PoolConfig pool, Map<String, DatabaseConfig> databases,
                                          ConsoleUsers console) {
        return new SwitchboardConfig(c.listen(), c.limits(), pool, c.clusters(), databases, c.users(), c.auth(),
                c.http(), c.tls(), c.access(), c.peers(), console);
    }

    private static ConsoleException failed(String why) {
        return new ConsoleException("SET failed: " + why);
    }
}
