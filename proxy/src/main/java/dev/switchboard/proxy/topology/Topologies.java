// Topologies: every cluster's routing, and the monitors (and authority) that keep it current.
package dev.switchboard.proxy.topology;

import dev.switchboard.config.ClusterConfig;
import dev.switchboard.config.NodeAddress;
import dev.switchboard.config.SwitchboardConfig;
import dev.switchboard.topology.ClusterTopology;
import dev.switchboard.topology.NodeState;
import dev.switchboard.topology.NodeView;
import dev.switchboard.topology.TopologyMetrics;
import dev.switchboard.topology.TopologySnapshot;
import dev.switchboard.topology.monitor.ClusterMonitor;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** One {@link ClusterRouting} per configured cluster; created stopped, {@link #start} starts the monitors. */
public final class Topologies implements AutoCloseable {
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(Topologies.class);
    private final Map<String, ClusterRouting> clusters = new LinkedHashMap<>();
    private final Map<String, ClusterMonitor> monitors = new java.util.concurrent.ConcurrentHashMap<>();
    private final MeterRegistry meters;
    private final SwitchboardConfig config;
    private volatile boolean closed;

    public Topologies(SwitchboardConfig config, MeterRegistry meters) {
        this.config = config;
        this.meters = meters;
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
     * Calls {@code excluded} (on a monitor thread) with each node that turns fenced, foreign or retired: its server
     * connections must go, so nothing keeps writing to a diverged primary or a node taken out of the cluster.
     */
    public void onNodeExcluded(java.util.function.Consumer<String> excluded) {
        onChange((before, after) -> {
            for (NodeView node : after.nodes()) {
                boolean out = node.state() == NodeState.FENCED || node.state() == NodeState.FOREIGN
                        || node.state() == NodeState.RETIRED;
                NodeView then = before.node(node.node());
                if (out && (then == null || then.state() != node.state())) {
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

    /**
     * Brings a cluster's nodes in line with {@code next} (a reload): added nodes are monitored and routable once
     * read, removed ones are RETIRED (no traffic; their pools go, see {@link #onNodeExcluded}) and no longer read.
     *
     * @return what changed, e.g. {@code +10.0.0.3:5432 -10.0.0.2:5432}; empty when nothing did
     */
    public synchronized String applyNodes(ClusterConfig next) {
        ClusterRouting routing = clusters.get(next.name());
        ClusterMonitor monitor = monitors.get(next.name());
        java.util.List<String> changes = new ArrayList<>();
        java.util.Set<String> retired = new java.util.HashSet<>();
        for (NodeView node : routing.topology().current().nodes()) {
            if (node.state() == NodeState.RETIRED) {
                retired.add(node.node());
            }
        }
        for (NodeAddress address : next.nodes()) {
            String id = nodeId(address);
            if (!routing.addresses().contains(address) || retired.contains(id)) {
                routing.addNode(address);
                TopologyMetrics.bindNode(routing.topology(), meters, routing.topology().nodes().indexOf(id));
                if (monitor != null) {
                    monitor.addNode(MonitorFactory.endpoint(address), MonitorFactory.settings(next));
                }
                changes.add("+" + id);
            }
        }
        for (NodeAddress address : routing.addresses()) {
            String id = nodeId(address);
            if (!next.nodes().contains(address) && !retired.contains(id)) {
                routing.retireNode(address);
                if (monitor != null) {
                    monitor.removeNode(id);
                }
                changes.add("-" + id);
            }
        }
        String described = String.join(" ", changes);
        log.info("cluster {}: nodes changed by the configuration: {}", next.name(), described);
        return described;
    }

    /** Starts a monitor per cluster and waits, at most {@code firstReadings}, until every node was read once. */
    public void start(Duration firstReadings) {
        for (ClusterConfig cluster : config.clusters().values()) {
            monitors.put(cluster.name(),
                    MonitorFactory.start(cluster, clusters.get(cluster.name()).topology(), firstReadings));
        }
    }

    @Override
    public void close() {
        closed = true;
        for (AutoCloseable monitor : monitors.values()) {
            try {
                monitor.close();
            } catch (Exception e) {
                // closing is best effort; the threads are daemons
            }
        }
        monitors.clear();
    }
}
