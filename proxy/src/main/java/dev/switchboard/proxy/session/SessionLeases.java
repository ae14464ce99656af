// SessionLeases: the server a session-mode client gets, chosen once — with min_lsn, one known to have replayed it.
package dev.switchboard.proxy.session;

import dev.switchboard.config.DatabaseConfig;
import dev.switchboard.pooling.Pool;
import dev.switchboard.proxy.backend.ServerConn;
import dev.switchboard.proxy.topology.ClusterRouting;
import dev.switchboard.proxy.topology.NodeLeases;
import dev.switchboard.proxy.topology.Routes;
import dev.switchboard.topology.CommitToken;
import dev.switchboard.topology.NodeView;
import dev.switchboard.topology.Route;
import io.netty.channel.EventLoop;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * A session stays on its server, so a client that starts with {@code switchboard.min_lsn} (or is moved after a
 * failover) gets a standby that the topology shows has replayed the position on its timeline, else the primary —
 * never a standby that only might have it: there is no later transaction to send elsewhere.
 */
final class SessionLeases {

    private SessionLeases() {
    }

    /** @param minLsn the position the client's reads must see, or null */
    static CompletableFuture<NodeLeases.Chosen> acquire(ClusterRouting routing, DatabaseConfig database,
                                                        CommitToken minLsn, EventLoop loop,
                                                        Function<NodeView, Pool<ServerConn>> poolOf) {
        CompletableFuture<NodeLeases.Chosen> first = NodeLeases.acquire(routing, Routes.forSession(database),
                Routes.lagBound(database), minLsn, loop, poolOf);
        if (minLsn == null) {
            return first; // the usual case
        }
        return first.thenCompose(chosen -> {
            if (!chosen.choice().verifyReplay()) {
                return CompletableFuture.completedFuture(chosen);
            }
            chosen.lease().release(); // untouched: straight back to its pool
            return NodeLeases.acquire(routing, Route.WRITE, Routes.lagBound(database), minLsn, loop, poolOf);
        });
    }
}
