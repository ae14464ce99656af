// Topologies: every cluster's routing, and the monitors (and authority) that keep it current.
package dev.switchboard.proxy.topology;

import dev.switchboard.config.ClusterConfig;
import dev.switchboard.config.NodeAddress;
import dev.switchboard.config.SwitchboardConfig;
import dev.switchboard.topology.ClusterTopology;
import dev.switchboard.topology.NodeState;
import dev.switchboard.topology.TopologyMetrics;
import dev.switchboard.topology.TopologySnapshot;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** One {@link ClusterRouting} per configured cluster; created stopped, {@link #start} starts the monitors. */
public final class Topologies implements AutoCloseable {
    private final Map<String, ClusterRouting> clusters = new LinkedHashMap<>();
    private final List<AutoCloseable> monitors = new ArrayList<>();
    private final SwitchboardConfig config;
    private volatile boolean closed;

    public Topologies(SwitchboardConfig config, MeterRegistry meters) {
        this.config = config;
        for (ClusterConfig cluster : config.clusters().values()) {
            List<String> nodes = cluster.nodes().stream().map(Topologies::nodeId).toList();
            ClusterTopology topology = new ClusterTopology(cluster.name(), nodes, cluster.authority() != null,
                    Clock.systemUTC());
            TopologyMetrics.bind(topology, meters);
            clusters.put(cluster.name(), new ClusterRouting(topology, cluster.nodes(), cluster.failover().holdTimeout()));
        }
    }

    /** How nodes are named in topology, logs and metrics: "host:port". */
    public static String nodeId(NodeAddress address) {
        return address.host() + ":" + address.port();
    }

    public ClusterRouting cluster(String name) {
        return clusters.get(name);
    }

    public List<TopologySnapshot> snapshots() {
        return clusters.values().stream().map(c -> c.topology().current()).toList();
    }

    /**
     * Calls {@code excluded} (on a monitor thread) with each node that turns fenced or foreign: its server
     * connections must go, so nothing keeps writing to a diverged primary.
     */
    public void onNodeExcluded(java.util.function.Consumer<String> excluded) {
        onChange((before, after) -> {
            for (dev.switchboard.topology.NodeView node : after.nodes()) {
                boolean out = node.state() == NodeState.FENCED || node.state() == NodeState.FOREIGN;
                if (out && before.node(node.node()).state() != node.state()) {
                    excluded.accept(node.node());
                }
            }
        });
    }

    /**
     * Calls {@code moved} (on a monitor thread) with a cluster's name and its write target's node each time the
     * write target becomes a node other than the one last named; a cluster without one for a while is no move.
     */
    public void onWriteTargetMoved(java.util.function.BiConsumer<String, String> moved) {
        for (ClusterRouting routing : clusters.values()) {
            dev.switchboard.topology.NodeView now = routing.topology().current().writeTarget();
            watchWriteTarget(routing.topology(), now == null ? null : now.node(), moved);
        }
    }

    private void watchWriteTarget(ClusterTopology topology, String last,
                                  java.util.function.BiConsumer<String, String> moved) {
        topology.nextChange().thenAccept(after -> {
            dev.switchboard.topology.NodeView target = after.writeTarget();
            if (target != null && !target.node().equals(last)) {
                moved.accept(topology.cluster(), target.node());
            }
            if (!closed) {
                watchWriteTarget(topology, target == null ? last : target.node(), moved);
            }
        });
    }

    /**
     * Calls {@code changed} (on a monitor thread) with every cluster's previous and next snapshot each time one
     * is published, until {@link #close()}.
     */
    public void onChange(java.util.function.BiConsumer<TopologySnapshot, TopologySnapshot> changed) {
        for (ClusterRouting routing : clusters.values()) {
            watch(routing.topology(), routing.topology().current(), changed);
        }
    }

    private void watch(ClusterTopology topology, TopologySnapshot before,
                       java.util.function.BiConsumer<TopologySnapshot, TopologySnapshot> changed) {
        topology.nextChange().thenAccept(after -> {
            changed.accept(before, after);
            if (!closed) {
                watch(topology, after, changed);
            }
        });
    }

    /** Starts a monitor per cluster and waits, at most {@code firstReadings}, until every node was read once. */
    public void start(Duration firstReadings) {
        for (ClusterConfig cluster : config.clusters().values()) {
            monitors.add(MonitorFactory.start(cluster, clusters.get(cluster.name()).topology(), firstReadings));
        }
    }

    @Override
    public void close() {
        closed = true;
        for (AutoCloseable monitor : monitors) {
            try {
                monitor.close();
            } catch (Exception e) {
                // closing is best effort; the threads are daemons
            }
        }
        monitors.clear();
    }
}
