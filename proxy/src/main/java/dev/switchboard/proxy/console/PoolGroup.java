// PoolGroup: the pools of one (database, user) added up — what PgBouncer calls a pool, whatever the node.
package dev.switchboard.proxy.console;

import dev.switchboard.pooling.Pool;
import dev.switchboard.pooling.PoolStats;
import dev.switchboard.proxy.backend.ServerConn;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Switchboard keeps a pool per node (and apart for session and multiplexed clients); PgBouncer has one per
 * (database, user). Exporters label by (database, user), so two rows with the same pair would be a duplicate
 * metric: the console adds a pair's pools up into one row.
 *
 * @param database the database as clients name it
 * @param user     the user the server connections log in as
 * @param mode     the pool mode, as SHOW POOLS spells it
 */
record PoolGroup(String database, String user, String mode, List<Pool<ServerConn>> pools) {

    /** The pools grouped by (database, user), in the order first seen; the session-mode registry's pools first. */
    static List<PoolGroup> of(java.util.Collection<Pool<ServerConn>> sessionPools,
                              java.util.Collection<Pool<ServerConn>> multiplexedPools,
                              java.util.function.Function<String, String> multiplexedMode) {
        Map<List<String>, PoolGroup> groups = new LinkedHashMap<>();
        add(groups, sessionPools, db -> "session");
        add(groups, multiplexedPools, multiplexedMode);
        return new ArrayList<>(groups.values());
    }

    private static void add(Map<List<String>, PoolGroup> groups, java.util.Collection<Pool<ServerConn>> pools,
                            java.util.function.Function<String, String> mode) {
        for (Pool<ServerConn> pool : pools) {
            List<String> key = List.of(pool.key().database(), pool.key().user());
            groups.computeIfAbsent(key, k -> new PoolGroup(k.get(0), k.get(1), mode.apply(k.get(0)),
                    new ArrayList<>())).pools().add(pool);
        }
    }

    /** The longest any caller of these pools has queued. */
    java.time.Duration longestWait() {
        java.time.Duration longest = java.time.Duration.ZERO;
        for (Pool<ServerConn> pool : pools) {
            java.time.Duration wait = pool.longestWait();
            if (wait.compareTo(longest) > 0) {
                longest = wait;
            }
        }
        return longest;
    }

    /** The pools' list sizes and counters summed. */
    PoolStats stats() {
        int idle = 0;
        int checking = 0;
        int active = 0;
        int connecting = 0;
        int waiting = 0;
        long leases = 0;
        long waits = 0;
        long waitNanos = 0;
        for (Pool<ServerConn> pool : pools) {
            PoolStats s = pool.stats();
            idle += s.idle();
            checking += s.checking();
            active += s.active();
            connecting += s.connecting();
            waiting += s.waiting();
            leases += s.leases();
            waits += s.waits();
            waitNanos += s.waitNanos();
        }
        return new PoolStats(idle, checking, active, connecting, waiting, leases, waits, waitNanos, 0, 0, 0, 0, 0, 0, 0);
    }
}
