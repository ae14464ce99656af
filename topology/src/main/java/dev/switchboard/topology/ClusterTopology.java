// ClusterTopology: the live view of one cluster — monitors feed readings in, routing reads snapshots out.
package dev.switchboard.topology;

import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Thread-safe holder of a cluster's state. Writers (one monitor thread per node, the authority's thread) are
 * serialized by this object's monitor; readers take {@link #current()} — one volatile read, no lock — so the
 * proxy's event loops never wait on a monitor.
 */
public final class ClusterTopology {
    private static final Logger log = LoggerFactory.getLogger(ClusterTopology.class);

    private final String cluster;
    /** Configured order, then nodes added by reloads; a removed node keeps its place (RETIRED). */
    private volatile List<String> nodes;
    private final java.util.Set<String> retired = new java.util.HashSet<>(); // guarded by this
    private final boolean authorityConfigured;
    private final Clock clock;
    private final Map<String, NodeObservation> readings = new HashMap<>();
    private TopologyRules.Memory memory = TopologyRules.Memory.EMPTY;
    private AuthorityVerdict verdict;
    private volatile TopologySnapshot snapshot;
    private volatile CompletableFuture<TopologySnapshot> nextChange = new CompletableFuture<>();
    private long roleChanges;

    public ClusterTopology(String cluster, List<String> nodes, boolean authorityConfigured, Clock clock) {
        this.cluster = cluster;
        this.nodes = List.copyOf(nodes);
        this.authorityConfigured = authorityConfigured;
        this.clock = clock;
        this.snapshot = TopologyRules.decide(cluster, this.nodes, readings, memory, authorityInput(), null,
                clock.instant()).snapshot();
    }

    public String cluster() {
        return cluster;
    }

    /** Every node, in index order, retired ones included. */
    public List<String> nodes() {
        return nodes;
    }

    /**
     * A node added to the cluster's configuration: it comes last (indices stay as they are), or a retired one comes
     * back at its place. Until it is first read the cluster has no write target, as at start.
     */
    public synchronized void addNode(String node) {
        if (!retired.remove(node)) {
            if (nodes.contains(node)) {
                return;
            }
            List<String> more = new java.util.ArrayList<>(nodes);
            more.add(node);
            nodes = List.copyOf(more);
        }
        readings.remove(node);
        publish();
    }

    /** A node removed from the cluster's configuration: RETIRED from now on, its readings ignored. */
    public synchronized void retireNode(String node) {
        if (!nodes.contains(node) || !retired.add(node)) {
            return;
        }
        readings.remove(node);
        publish();
    }

    /** The latest snapshot; never null. */
    public TopologySnapshot current() {
        return snapshot;
    }

    /** Completes with the next published snapshot (each reading publishes one). */
    public CompletableFuture<TopologySnapshot> nextChange() {
        return nextChange;
    }

    /** Role, state or write-target changes logged since start. */
    public synchronized long roleChanges() {
        return roleChanges;
    }

    /** Takes a monitor's reading of one node. */
    public synchronized void observe(NodeObservation reading) {
        if (!nodes.contains(reading.node())) {
            throw new IllegalArgumentException(reading.node() + " is not a node of cluster " + cluster);
        }
        if (retired.contains(reading.node())) {
            return; // its monitor's last reading, after the node was removed
        }
        readings.put(reading.node(), reading);
        publish();
    }

    /** Takes the authority's latest verdict. */
    public synchronized void authority(AuthorityVerdict latest) {
        boolean changed = verdict == null || !verdict.equals(latest);
        verdict = latest;
        if (changed) {
            publish();
        }
    }

    private TopologyRules.AuthorityInput authorityInput() {
        return new TopologyRules.AuthorityInput(authorityConfigured, verdict);
    }

    private void publish() {
        TopologySnapshot before = snapshot;
        TopologyRules.Decision decision = TopologyRules.decide(cluster, nodes, retired, readings, memory,
                authorityInput(), before, clock.instant());
        memory = decision.memory();
        TopologySnapshot after = decision.snapshot();
        logChanges(before, after);
        snapshot = after;
        CompletableFuture<TopologySnapshot> waiting = nextChange;
        nextChange = new CompletableFuture<>();
        waiting.complete(after);
    }

    private void logChanges(TopologySnapshot before, TopologySnapshot after) {
        for (NodeView now : after.nodes()) {
            NodeView then = before.node(now.node());
            if (then == null) {
                log.info("cluster {}: node {} added", cluster, now.node());
                continue;
            }
            if (then.state() == now.state() && then.standby() == now.standby() && then.writeTarget() == now.writeTarget()
                    && then.timeline() == now.timeline()) {
                continue;
            }
            roleChanges++;
            String detail = now.detail() == null ? "" : " (" + now.detail() + ")";
            String line = "cluster " + cluster + ": node " + now.node() + " " + describe(then) + " -> " + describe(now)
                    + detail;
            if (now.state() == NodeState.RETIRED) {
                log.info("{}; no traffic is routed to it", line);
            } else if (now.state() == NodeState.FENCED || now.state() == NodeState.FOREIGN) {
                log.error("{}; no traffic is routed to it", line);
            } else if (now.state() == NodeState.DOWN) {
                log.warn(line);
            } else {
                log.info(line);
            }
        }
        if (after.splitBrain() && !before.splitBrain()) {
            log.error("cluster {}: SPLIT BRAIN — {}", cluster, after.noWriteReason());
        }
        String beforeTarget = before.writeTarget() == null ? null : before.writeTarget().node();
        String afterTarget = after.writeTarget() == null ? null : after.writeTarget().node();
        if (!java.util.Objects.equals(beforeTarget, afterTarget)) {
            if (afterTarget == null) {
                log.warn("cluster {}: no write target: {}", cluster, after.noWriteReason());
            } else {
                log.info("cluster {}: write target is {} (timeline {})", cluster, afterTarget,
                        after.writeTarget().timeline());
            }
        }
    }

    private static String describe(NodeView view) {
        if (view.state() != NodeState.UP) {
            return view.state().label();
        }
        return (view.writeTarget() ? "primary (write target)" : view.standby() ? "standby" : "writable")
                + " on timeline " + view.timeline();
    }
}
