// ProxyActivity: the pools, clients, pins and handoff totals of a running proxy at one moment, for the dashboard.
package dev.switchboard.proxy.admin;

import dev.switchboard.pooling.Pool;
import dev.switchboard.pooling.PoolStats;
import dev.switchboard.proxy.backend.ServerConn;
import dev.switchboard.proxy.console.ClientPhase;
import dev.switchboard.proxy.console.ListedClient;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Read on the admin thread from thread-safe sources (pool statistics, the client list, the meter registry), so
 * its numbers are each current but not one atomic picture: a client may be counted active a moment before its
 * pool counts the lease.
 *
 * @param pools    one row per pool: a (node, database, user) of session clients or of multiplexed clients
 * @param clients  logged-in clients, by phase
 * @param pinned   transaction-mode clients pinned to their server connection now
 * @param handoffs handoff totals since this process started, by direction
 */
public record ProxyActivity(List<PoolRow> pools, Clients clients, int pinned, List<Handoffs> handoffs) {
    /** What a view without a running proxy behind it shows. */
    public static final ProxyActivity NONE = new ProxyActivity(List.of(), new Clients(0, 0), 0, List.of());

    /**
     * One pool's SHOW POOLS-style numbers.
     *
     * @param mode {@code session}, or {@code multiplexed} for transaction and statement pooling
     */
    public record PoolRow(String node, String database, String user, String mode, int active, int idle,
                          int waiting, int connecting) {
    }

    /**
     * @param active  clients whose session runs
     * @param waiting clients waiting for their first server connection
     */
    public record Clients(int active, int waiting) {
    }

    /**
     * @param direction {@code given} (this process handed over) or {@code taken} (it took over)
     * @param count     handoffs
     * @param clients   clients moved
     * @param servers   server connections moved
     * @param drained   clients left to the predecessor's drain
     */
    public record Handoffs(String direction, long count, long clients, long servers, long drained) {
    }

    public ProxyActivity {
        pools = List.copyOf(pools);
        handoffs = List.copyOf(handoffs);
    }

    /** Reads the activity of a proxy from its pools of both kinds, its client list and its meters. */
    public static ProxyActivity of(Collection<Pool<ServerConn>> sessionPools,
                                   Collection<Pool<ServerConn>> multiplexedPools,
                                   Collection<ListedClient> clients, MeterRegistry meters) {
        List<PoolRow> rows = new ArrayList<>();
        addPools(rows, sessionPools, "session");
        addPools(rows, multiplexedPools, "multiplexed");
        int active = 0;
        int waiting = 0;
        int pinned = 0;
        for (ListedClient client : clients) {
            if (client.phase() == ClientPhase.ACTIVE) {
                active++;
            } else if (client.phase() == ClientPhase.WAITING) {
                waiting++;
            }
            if (client.pinned() != null) {
                pinned++;
            }
        }
        List<Handoffs> handoffs = new ArrayList<>();
        for (String direction : List.of("given", "taken")) {
            Timer timer = meters.find("switchboard.handoff.duration").tag("direction", direction).timer();
            if (timer != null && timer.count() > 0) {
                handoffs.add(new Handoffs(direction, timer.count(), count(meters, "clients", direction),
                        count(meters, "servers", direction), count(meters, "drained", direction)));
            }
        }
        return new ProxyActivity(rows, new Clients(active, waiting), pinned, handoffs);
    }

    private static void addPools(List<PoolRow> rows, Collection<Pool<ServerConn>> pools, String mode) {
        for (Pool<ServerConn> pool : pools) {
            PoolStats s = pool.stats();
            rows.add(new PoolRow(pool.key().node(), pool.key().database(), pool.key().user(), mode, s.active(),
                    s.idle(), s.waiting(), s.connecting()));
        }
    }

    private static long count(MeterRegistry meters, String what, String direction) {
        Counter counter = meters.find("switchboard.handoff." + what).tag("direction", direction).counter();
        return counter == null ? 0 : (long) counter.count();
    }
}
