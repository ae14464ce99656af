// ClusterRouting: one cluster's live topology, load counters and failover hold, as the proxy's sessions use them.
package dev.switchboard.proxy.topology;

import dev.switchboard.config.NodeAddress;
import dev.switchboard.topology.ClusterTopology;
import dev.switchboard.topology.CommitToken;
import dev.switchboard.topology.LagBound;
import dev.switchboard.topology.NodeLoad;
import dev.switchboard.topology.NodeSelector;
import dev.switchboard.topology.NodeView;
import dev.switchboard.topology.Route;
import dev.switchboard.topology.TopologySnapshot;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Node choice for one cluster. {@link #tryChoose} is what a transaction normally costs: one volatile read
 * and a scan of a few nodes, no lock, no allocation beyond the choice. Only when nothing is eligible (a
 * failover, standbys behind) does {@link #await} wait — bounded by {@code failover.hold_timeout} — for the
 * snapshots the monitors publish.
 */
public final class ClusterRouting {
    private final ClusterTopology topology;
    /** Indexed like the topology's nodes; a reload only appends (a removed node keeps its place). */
    private volatile List<NodeAddress> addresses;
    private final NodeLoad load;
    private final Duration holdTimeout;
    private final HoldGate hold = new HoldGate();

    public ClusterRouting(ClusterTopology topology, List<NodeAddress> addresses, Duration holdTimeout) {
        this.topology = topology;
        this.addresses = List.copyOf(addresses);
        this.load = new NodeLoad(addresses.size());
        this.holdTimeout = holdTimeout;
    }

    public ClusterTopology topology() {
        return topology;
    }

    public Duration holdTimeout() {
        return holdTimeout;
    }

    /** Whether new transactions run or wait (PAUSE, switchover). */
    public HoldGate hold() {
        return hold;
    }

    /** The addresses of the cluster's nodes, indexed like the topology's, removed ones included. */
    public List<NodeAddress> addresses() {
        return addresses;
    }

    /**
     * A node added by a reload (or a removed one back): room for its load first, then its address, then the
     * topology, so that no snapshot names an index the rest does not have yet.
     */
    public synchronized void addNode(NodeAddress address) {
        if (!addresses.contains(address)) {
            List<NodeAddress> more = new java.util.ArrayList<>(addresses);
            more.add(address);
            load.grow(more.size());
            addresses = List.copyOf(more);
        }
        topology.addNode(Topologies.nodeId(address));
    }

    /** A node removed by a reload: RETIRED in the topology, so nothing is routed to it. */
    public synchronized void retireNode(NodeAddress address) {
        topology.retireNode(Topologies.nodeId(address));
    }

    /**
     * Whether a failure to get a server from a node means the node is going or gone (connection refused or
     * lost, "the database system is shutting down") rather than a refusal that would repeat (authentication,
     * a missing database): the former is worth another choice after the next snapshot.
     */
    public static boolean nodeUnavailable(String sqlState) {
        return sqlState != null && (sqlState.equals("08006") || sqlState.startsWith("57P"));
    }

    public NodeLoad load() {
        return load;
    }

    /** The configured address of a node of this cluster. */
    public NodeAddress address(NodeView node) {
        return addresses.get(node.index());
    }

    /** The choice the current snapshot allows, or null when none is eligible now. */
    public NodeSelector.Choice tryChoose(Route route, LagBound bound, CommitToken token) {
        return NodeSelector.choose(topology.current(), route, bound, token, load);
    }

    /**
     * Waits for a snapshot that allows a choice, at most the hold time; fails with
     * {@link NoEligibleNodeException} saying why nothing was eligible.
     */
    public CompletableFuture<NodeSelector.Choice> await(Route route, LagBound bound, CommitToken token,
                                                        ScheduledExecutorService timer) {
        CompletableFuture<NodeSelector.Choice> result = new CompletableFuture<>();
        NodeSelector.Choice now = tryChoose(route, bound, token);
        if (now != null) {
            result.complete(now);
            return result;
        }
        ScheduledFuture<?> deadline = timer.schedule(() -> result.completeExceptionally(
                new NoEligibleNodeException(whyNothing(route, bound) + " (waited " + holdTimeout.toMillis()
                        + " ms, failover.hold_timeout)")), holdTimeout.toMillis(), TimeUnit.MILLISECONDS);
        result.whenComplete((choice, error) -> deadline.cancel(false));
        retryOnChange(result, route, bound, token);
        return result;
    }

    private void retryOnChange(CompletableFuture<NodeSelector.Choice> result, Route route, LagBound bound,
                               CommitToken token) {
        topology.nextChange().whenComplete((snapshot, error) -> {
            if (result.isDone()) {
                return;
            }
            NodeSelector.Choice choice = tryChoose(route, bound, token);
            if (choice != null) {
                result.complete(choice);
            } else {
                retryOnChange(result, route, bound, token);
            }
        });
    }

    /** Why the current snapshot has no node for this route, in words for the client. */
    public String whyNothing(Route route, LagBound bound) {
        TopologySnapshot snapshot = topology.current();
        if (route == Route.WRITE || snapshot.writeTarget() == null && route != Route.STANDBY) {
            return "no primary in cluster \"" + snapshot.cluster() + "\" to take writes: " + snapshot.noWriteReason();
        }
        return "no standby of cluster \"" + snapshot.cluster() + "\" is up"
                + (bound == LagBound.NONE ? "" : " within the database's max_lag");
    }
}
