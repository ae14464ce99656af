// TopologyMetrics: gauges and a counter that expose one cluster's live topology to a meter registry.
package dev.switchboard.topology;

import io.micrometer.core.instrument.binder.BaseUnits;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * Binds a {@link ClusterTopology} to a {@link MeterRegistry}. Every gauge reads {@link ClusterTopology#current()}
 * when it is scraped, so nothing is pushed on the monitors' threads and the values are always those routing
 * sees. Unknown values read as -1, not NaN: a Prometheus alert on {@code lag_seconds > 10} must not silently
 * stop matching when the lag becomes unknown, and -1 is easy to exclude or alert on explicitly.
 */
public final class TopologyMetrics {

    private TopologyMetrics() {
    }

    /** Registers the per-node and per-cluster meters of {@code topology}. */
    public static void bind(ClusterTopology topology, MeterRegistry registry) {
        Tags clusterTags = Tags.of("cluster", topology.cluster());
        List<String> nodes = topology.nodes();
        for (int i = 0; i < nodes.size(); i++) {
            bindNode(topology, registry, i);
        }
        Gauge.builder("switchboard.cluster.split_brain", topology, t -> flag(t.current().splitBrain()))
                .description("1 when two nodes are writable on the cluster's highest timeline")
                .tags(clusterTags).strongReference(true).register(registry);
        Gauge.builder("switchboard.cluster.write_target_available", topology,
                        t -> flag(t.current().writeTarget() != null))
                .description("1 when the cluster has a write target").tags(clusterTags).strongReference(true)
                .register(registry);
        Gauge.builder("switchboard.cluster.highest_timeline", topology, t -> t.current().highestTimeline())
                .description("highest timeline the cluster has shown since start").tags(clusterTags)
                .strongReference(true).register(registry);
        FunctionCounter.builder("switchboard.topology.role_changes", topology, ClusterTopology::roleChanges)
                .description("node role, state, timeline or write-target changes since start").tags(clusterTags)
                .register(registry);
    }

    /**
     * Registers the meters of the node at {@code index}: at start, and for a node a reload adds. Snapshots keep a
     * node's index for the topology's lifetime (a removed one stays, RETIRED), so the index stays valid.
     */
    public static void bindNode(ClusterTopology topology, MeterRegistry registry, int index) {
        Tags tags = Tags.of("cluster", topology.cluster()).and("node", topology.nodes().get(index));
        nodeGauge(registry, topology, index, tags, "switchboard.node.up",
                "1 when the node is up (routable as primary or standby)",
                view -> flag(view.state() == NodeState.UP));
        nodeGauge(registry, topology, index, tags, "switchboard.node.fenced",
                "1 when the node is fenced (writable below the cluster's timeline, or in a split brain)",
                view -> flag(view.state() == NodeState.FENCED));
        nodeGauge(registry, topology, index, tags, "switchboard.node.primary",
                "1 when the node is the cluster's write target", view -> flag(view.writeTarget()));
        nodeGauge(registry, topology, index, tags, "switchboard.node.standby",
                "1 when the node is an up standby", view -> flag(view.isUpStandby()));
        nodeGauge(registry, topology, index, tags, "switchboard.node.timeline",
                "last known timeline; 0 when unknown", NodeView::timeline);
        nodeGauge(registry, topology, index, tags, "switchboard.node.lsn",
                "last known WAL position (insert for a primary, replay for a standby); 0 when unknown",
                view -> unsignedToDouble(view.lsn()));
        Gauge.builder("switchboard.node.lag.bytes", topology, t -> lagBytes(node(t, index)))
                .description("bytes of WAL a standby is behind; -1 when unknown").baseUnit(BaseUnits.BYTES)
                .tags(tags).strongReference(true).register(registry);
        Gauge.builder("switchboard.node.lag.seconds", topology, t -> lagSeconds(node(t, index)))
                .description("a standby's replay delay; -1 when unknown").baseUnit("seconds")
                .tags(tags).strongReference(true).register(registry);
    }

    private static void nodeGauge(MeterRegistry registry, ClusterTopology topology, int index, Tags tags, String name,
                                  String description, ToDoubleFunction<NodeView> value) {
        Gauge.builder(name, topology, t -> value.applyAsDouble(node(t, index)))
                .description(description).tags(tags).strongReference(true).register(registry);
    }

    private static NodeView node(ClusterTopology topology, int index) {
        return topology.current().nodes().get(index);
    }

    private static double flag(boolean value) {
        return value ? 1 : 0;
    }

    static double lagBytes(NodeView view) {
        return view.lagBytes() < 0 ? -1 : view.lagBytes();
    }

    static double lagSeconds(NodeView view) {
        double seconds = view.lagSeconds();
        return Double.isNaN(seconds) || Double.isInfinite(seconds) ? -1 : seconds;
    }

    /** WAL positions are unsigned 64-bit; a plain cast would turn the upper half negative. */
    static double unsignedToDouble(long value) {
        return value >= 0 ? value : (double) (value >>> 1) * 2.0 + (value & 1);
    }
}
