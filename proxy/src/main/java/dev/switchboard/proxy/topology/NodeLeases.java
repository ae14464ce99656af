// NodeLeases: a server from a node the topology allows, choosing again when the chosen node turns out to be going.
package dev.switchboard.proxy.topology;

import dev.switchboard.pooling.Lease;
import dev.switchboard.pooling.Pool;
import dev.switchboard.pooling.PoolClosedException;
import dev.switchboard.proxy.backend.BackendStartupException;
import dev.switchboard.proxy.backend.ServerConn;
import dev.switchboard.topology.CommitToken;
import dev.switchboard.topology.LagBound;
import dev.switchboard.topology.NodeSelector;
import dev.switchboard.topology.NodeView;
import dev.switchboard.topology.Route;
import io.netty.channel.EventLoop;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Function;

/**
 * For sessions (start and re-attach) and for each transaction in transaction mode: the choice the current
 * snapshot allows — or, when none does, the one the monitors allow within the failover hold — and a lease
 * from that node's pool. The monitors may not have seen a node go yet when a connection to it is refused or
 * answered "shutting down"; then the choice is made again after the next snapshot, until the hold time
 * (counted from the request) is over. Authentication and other refusals that would repeat fail at once. While
 * the cluster is held (PAUSE, switchover) the request waits before it chooses; the hold bounds itself.
 */
public final class NodeLeases {

    private NodeLeases() {
    }

    /** A lease and the choice that led to it. */
    public record Chosen(NodeSelector.Choice choice, Lease<ServerConn> lease) {
    }

    /**
     * A lease on a node chosen for {@code route}. Cancelling the result returns a lease that arrives later.
     *
     * @param token  the client's last commit (read-your-writes), or null
     * @param poolOf the pool serving the chosen node
     */
    public static CompletableFuture<Chosen> acquire(ClusterRouting routing, Route route, LagBound bound,
                                                    CommitToken token, EventLoop loop,
                                                    Function<NodeView, Pool<ServerConn>> poolOf) {
        CompletableFuture<Chosen> result = new CompletableFuture<>();
        new Attempts(routing, route, bound, token, loop, poolOf, result,
                System.nanoTime() + routing.holdTimeout().toNanos()).choose();
        return result;
    }

    /** One request's choices and leases until it has a server or fails. */
    private record Attempts(ClusterRouting routing, Route route, LagBound bound, CommitToken token, EventLoop loop,
                            Function<NodeView, Pool<ServerConn>> poolOf, CompletableFuture<Chosen> result,
                            long deadline) {

        void choose() {
            CompletableFuture<Void> held = routing.hold().gate();
            if (held != null) {
                // PAUSE or a switchover: choose once it is over, so that the choice sees the new primary; the
                // failover hold is counted from then.
                held.whenComplete((v, e) -> loop.execute(() -> new Attempts(routing, route, bound, token, loop,
                        poolOf, result, System.nanoTime() + routing.holdTimeout().toNanos()).choose()));
                return;
            }
            if (result.isDone()) {
                return; // cancelled while held
            }
            NodeSelector.Choice now = routing.tryChoose(route, bound, token);
            if (now != null) {
                lease(now); // the usual case: no waiting, nothing allocated for it
                return;
            }
            routing.await(route, bound, token, loop).whenComplete((choice, error) -> {
                if (error != null) {
                    result.completeExceptionally(unwrap(error));
                } else {
                    lease(choice);
                }
            });
        }

        private void lease(NodeSelector.Choice choice) {
            if (result.isDone()) {
                return; // cancelled while waiting for a node
            }
            poolOf.apply(choice.node()).acquire(loop).whenComplete((lease, error) -> {
                if (error == null) {
                    if (!result.complete(new Chosen(choice, lease))) {
                        lease.release(); // cancelled meanwhile
                    }
                    return;
                }
                Throwable cause = unwrap(error);
                if (nodeGoing(cause) && System.nanoTime() < deadline && !result.isDone()) {
                    routing.topology().nextChange().whenComplete((snapshot, e) -> choose());
                } else {
                    result.completeExceptionally(cause);
                }
            });
        }
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
