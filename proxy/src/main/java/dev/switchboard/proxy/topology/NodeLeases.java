// NodeLeases: a server from a node the topology allows, choosing again when the chosen node turns out to be going.
package dev.switchboard.proxy.topology;

import dev.switchboard.pooling.Lease;
import dev.switchboard.pooling.Pool;
import dev.switchboard.pooling.PoolClosedException;
import dev.switchboard.proxy.backend.BackendStartupException;
import dev.switchboard.proxy.backend.ServerConn;
import dev.switchboard.topology.LagBound;
import dev.switchboard.topology.NodeView;
import dev.switchboard.topology.Route;
import io.netty.channel.EventLoop;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Function;

/**
 * For sessions (start and re-attach): the monitors may not have seen a node go yet when a connection to it
 * is refused or answered "shutting down"; then the choice is made again after the next snapshot, until
 * the failover hold time is over. Authentication and other refusals that would repeat fail at once.
 */
public final class NodeLeases {

    private NodeLeases() {
    }

    /**
     * A lease on a node chosen for {@code route}. Cancelling the result returns a lease that arrives later.
     *
     * @param poolOf the pool serving the chosen node
     */
    public static CompletableFuture<Lease<ServerConn>> acquire(ClusterRouting routing, Route route, LagBound bound,
                                                               EventLoop loop,
                                                               Function<NodeView, Pool<ServerConn>> poolOf) {
        CompletableFuture<Lease<ServerConn>> result = new CompletableFuture<>();
        attempt(routing, route, bound, loop, poolOf, result, System.nanoTime() + routing.holdTimeout().toNanos());
        return result;
    }

    private static void attempt(ClusterRouting routing, Route route, LagBound bound, EventLoop loop,
                                Function<NodeView, Pool<ServerConn>> poolOf,
                                CompletableFuture<Lease<ServerConn>> result, long deadline) {
        routing.await(route, bound, null, loop)
                .thenCompose(choice -> poolOf.apply(choice.node()).acquire(loop))
                .whenComplete((lease, error) -> {
                    if (error == null) {
                        if (!result.complete(lease)) {
                            lease.release(); // cancelled meanwhile
                        }
                        return;
                    }
                    Throwable cause = unwrap(error);
                    if (nodeGoing(cause) && System.nanoTime() < deadline && !result.isDone()) {
                        routing.topology().nextChange().whenComplete((snapshot, e) ->
                                attempt(routing, route, bound, loop, poolOf, result, deadline));
                    } else {
                        result.completeExceptionally(cause);
                    }
                });
    }

    /** A failure that says the node is going or gone, rather than one that would repeat on it. */
    public static boolean nodeGoing(Throwable cause) {
        return cause instanceof BackendStartupException startup
                && ClusterRouting.nodeUnavailable(startup.error().sqlState())
                || cause instanceof PoolClosedException; // its node was fenced
    }

    public static Throwable unwrap(Throwable error) {
        return error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
    }
}
