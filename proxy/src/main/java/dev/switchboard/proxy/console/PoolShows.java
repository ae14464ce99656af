// PoolShows: SHOW POOLS, DATABASES, USERS, LISTS and the statistics, from the pools and the configuration.
package dev.switchboard.proxy.console;

import dev.switchboard.config.ConsoleUsers;
import dev.switchboard.config.DatabaseConfig;
import dev.switchboard.config.NodeAddress;
import dev.switchboard.config.PoolMode;
import dev.switchboard.config.SwitchboardConfig;
import dev.switchboard.config.UserConfig;
import dev.switchboard.pooling.PoolStats;
import dev.switchboard.proxy.ProxyContext;
import dev.switchboard.proxy.stats.DatabaseTraffic;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Values the proxy does not count (parse and bind counts, the averages over {@code stats_period}) are 0,
 * PgBouncer's value for "nothing happened"; what it does count is the real number: server assignments are
 * leases, wait time is the time clients queued for a server, transactions, queries and bytes are counted by the
 * transaction-mode sessions.
 */
final class PoolShows {
    /** The console's own database and user, listed first as PgBouncer lists them. */
    static final String ADMIN = "pgbouncer";
    private static final int ADMIN_POOL_SIZE = 2;
    private static final int STATS_COLUMNS = 11;

    private final ProxyContext context;
    private final SwitchboardConfig config;

    PoolShows(ProxyContext context) {
        this.context = context;
        this.config = context.config();
    }

    List<PoolGroup> groups() {
        return PoolGroup.of(context.pools().pools(), context.multiplexedPools().pools(), database -> config
                .database(database).map(d -> modeName(d.pool().mode() == PoolMode.SESSION
                        ? PoolMode.TRANSACTION : d.pool().mode())).orElse("transaction"));
    }

    ConsoleResult pools() {
        ConsoleResult result = new ConsoleResult(ShowColumns.POOLS);
        result.row(ADMIN, ADMIN, consoleClients(), 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, "statement", null);
        Map<List<String>, Integer> active = activeClients();
        for (PoolGroup group : groups()) {
            PoolStats s = group.stats();
            java.time.Duration maxWait = group.longestWait();
            result.row(group.database(), group.user(), active.getOrDefault(List.of(group.database(), group.user()), 0),
                    s.waiting(), 0, 0, s.active(), 0, 0, s.idle(), 0, s.checking(), s.connecting(),
                    (int) maxWait.toSeconds(), maxWait.toNanosPart() / 1_000, group.mode(), null);
        }
        return result;
    }

    /**
     * Clients whose session runs, per (database, server user): cl_active. cl_waiting is the pools' queue, where
     * every client waiting for a server is, whether for its session or its next transaction.
     */
    private Map<List<String>, Integer> activeClients() {
        Map<List<String>, Integer> counts = new LinkedHashMap<>();
        for (ListedClient c : context.clientList().all()) {
            if (c.phase() == ClientPhase.ACTIVE || c.phase() == ClientPhase.IDLE) { // PgBouncer's cl_active has both
                String serverUser = config.user(c.user()).map(UserConfig::backendUser).orElse(c.user());
                counts.merge(List.of(c.database(), serverUser), 1, Integer::sum);
            }
        }
        return counts;
    }

    private int consoleClients() {
        return (int) context.clientList().all().stream()
                .filter(c -> ConsoleUsers.DATABASES.contains(c.database())).count();
    }

    ConsoleResult databases() {
        ConsoleResult result = new ConsoleResult(ShowColumns.DATABASES);
        result.row(ADMIN, null, config.listen().port(), ADMIN, ADMIN, ADMIN_POOL_SIZE, 0, 0, 0, "statement", null, 0,
                0, 0, consoleClients(), 0, 0);
        Map<String, Integer> servers = new LinkedHashMap<>();
        for (PoolGroup group : groups()) {
            servers.merge(group.database(), group.stats().total(), Integer::sum);
        }
        Map<String, Long> clients = context.clientList().all().stream()
                .collect(Collectors.groupingBy(ListedClient::database, Collectors.counting()));
        for (DatabaseConfig d : databasesShown(servers)) {
            List<NodeAddress> nodes = config.cluster(d.cluster()).orElseThrow().nodes();
            String hosts = nodes.stream().map(NodeAddress::host).distinct().collect(Collectors.joining(","));
            ControlState control = context.consoleControl().state(d.name());
            result.row(d.name(), hosts, nodes.get(0).port(), d.dbname(), null, d.pool().size(), d.pool().minIdle(), 0,
                    (int) d.pool().maxLifetime().toSeconds(), modeName(d.pool().mode()), null,
                    d.maxServerConnections(), servers.getOrDefault(d.name(), 0), 0,
                    clients.getOrDefault(d.name(), 0L).intValue(), control.paused() ? 1 : 0,
                    control.disabled() ? 1 : 0);
        }
        return result;
    }

    /** The configured databases and those a fallback database serves that have pools; never the fallback itself. */
    private List<DatabaseConfig> databasesShown(Map<String, Integer> withPools) {
        List<DatabaseConfig> shown = new ArrayList<>();
        config.databases().values().stream().filter(d -> !d.name().equals(DatabaseConfig.FALLBACK))
                .forEach(shown::add);
        for (String name : withPools.keySet()) {
            if (!config.databases().containsKey(name)) {
                config.database(name).ifPresent(shown::add);
            }
        }
        return shown;
    }

    ConsoleResult users() {
        ConsoleResult result = new ConsoleResult(ShowColumns.USERS);
        result.row(ADMIN, "", "", null, 0, 0, 0, 0);
        Map<String, Integer> servers = new LinkedHashMap<>();
        for (PoolGroup group : groups()) {
            servers.merge(group.user(), group.stats().total(), Integer::sum);
        }
        Map<String, Long> clients = context.clientList().all().stream()
                .collect(Collectors.groupingBy(ListedClient::user, Collectors.counting()));
        for (UserConfig u : config.users().values()) {
            result.row(u.name(), "", "", u.poolMode() == null ? null : modeName(u.poolMode()), u.maxServerConnections(),
                    servers.getOrDefault(u.backendUser(), 0), u.maxClientConnections(),
                    clients.getOrDefault(u.name(), 0L).intValue());
        }
        return result;
    }

    ConsoleResult lists() {
        List<PoolGroup> groups = groups();
        int usedClients = context.clientList().all().size();
        int usedServers = groups.stream().mapToInt(g -> g.stats().total()).sum();
        Map<String, Integer> items = new LinkedHashMap<>();
        for (String name : ShowColumns.LISTS_NAMES) {
            items.put(name, 0);
        }
        items.put("databases", 1 + (int) config.databases().keySet().stream()
                .filter(n -> !n.equals(DatabaseConfig.FALLBACK)).count());
        items.put("users", 1 + config.users().size());
        items.put("peers", config.peers() == null ? 0 : config.peers().instances().size());
        items.put("pools", 1 + groups.size());
        items.put("used_clients", usedClients);
        items.put("login_clients", Math.max(0, context.clients().get() - usedClients));
        items.put("used_servers", usedServers);
        ConsoleResult result = new ConsoleResult(ShowColumns.LISTS);
        items.forEach((name, n) -> result.row(name, n));
        return result;
    }

    /** SHOW STATS: the totals, then the averages (0: no averaging period is kept). */
    ConsoleResult stats() {
        return statsRows(ShowColumns.STATS, true, true);
    }

    ConsoleResult statsTotals() {
        return statsRows(ShowColumns.STATS_TOTALS, true, false);
    }

    ConsoleResult statsAverages() {
        return statsRows(ShowColumns.STATS_AVERAGES, false, true);
    }

    private ConsoleResult statsRows(List<Column> columns, boolean totals, boolean averages) {
        ConsoleResult result = new ConsoleResult(columns);
        totalsByDatabase().forEach((database, t) -> {
            List<Object> row = new ArrayList<>(columns.size());
            row.add(database);
            if (totals) {
                for (long v : t) {
                    row.add(v);
                }
            }
            if (averages) {
                for (int i = 0; i < STATS_COLUMNS; i++) {
                    row.add(0);
                }
            }
            result.row(row.toArray());
        });
        return result;
    }

    /**
     * The eleven totals per database, in SHOW STATS_TOTALS' order, the console's own first: server assignments
     * (leases), transactions, queries (requests answered by ReadyForQuery), bytes from and to clients, their
     * microseconds, and the microseconds clients waited for a server; parse and bind counts are not kept (0).
     */
    private Map<String, long[]> totalsByDatabase() {
        Map<String, long[]> byDatabase = new LinkedHashMap<>();
        byDatabase.put(ADMIN, new long[STATS_COLUMNS]);
        for (PoolGroup group : groups()) {
            long[] t = byDatabase.computeIfAbsent(group.database(), k -> new long[STATS_COLUMNS]);
            PoolStats s = group.stats();
            t[0] += s.leases();
            t[7] += s.waitNanos() / 1_000;
        }
        for (Map.Entry<String, long[]> e : byDatabase.entrySet()) {
            if (e.getKey().equals(ADMIN)) {
                continue;
            }
            DatabaseTraffic traffic = context.traffic(e.getKey());
            long[] t = e.getValue();
            t[1] = traffic.transactions();
            t[2] = traffic.queries();
            t[3] = traffic.received();
            t[4] = traffic.sent();
            t[5] = traffic.transactionMicros();
            t[6] = traffic.queryMicros();
        }
        return byDatabase;
    }

    /** SHOW TOTALS: the sums over every database, as rows. */
    ConsoleResult totals() {
        long[] sum = new long[STATS_COLUMNS];
        for (long[] t : totalsByDatabase().values()) {
            for (int i = 0; i < STATS_COLUMNS; i++) {
                sum[i] += t[i];
            }
        }
        ConsoleResult result = new ConsoleResult(ShowColumns.TOTALS);
        for (int i = 0; i < STATS_COLUMNS; i++) {
            result.row("total_" + ShowColumns.TOTALS_NAMES.get(i), sum[i]);
        }
        for (int i = 0; i < STATS_COLUMNS; i++) {
            result.row("avg_" + ShowColumns.TOTALS_NAMES.get(i), 0);
        }
        return result;
    }

    static String modeName(PoolMode mode) {
        return mode.name().toLowerCase(Locale.ROOT);
    }
}
