// TopologyMetricsTest: the topology meters follow the live snapshot through failover, fencing and split brain.
package dev.switchboard.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class TopologyMetricsTest {
    private static final String A = "10.0.0.1:5432";
    private static final String B = "10.0.0.2:5432";
    private static final long SYSTEM_ID = 7_000_000_000_000_000_001L;
    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final ClusterTopology topology =
            new ClusterTopology("main", List.of(A, B), false, Clock.fixed(NOW, ZoneOffset.UTC));

    {
        TopologyMetrics.bind(topology, registry);
    }

    private double node(String name, String node) {
        Gauge gauge = registry.find(name).tags("cluster", "main", "node", node).gauge();
        assertNotNull(gauge, name + " for " + node + " is not registered");
        return gauge.value();
    }

    private double cluster(String name) {
        Gauge gauge = registry.find(name).tags("cluster", "main").gauge();
        assertNotNull(gauge, name + " is not registered");
        return gauge.value();
    }

    private double roleChanges() {
        FunctionCounter counter = registry.find("switchboard.topology.role_changes").tags("cluster", "main")
                .functionCounter();
        assertNotNull(counter);
        return counter.count();
    }

    @Test
    void beforeAnyReadingNothingIsUpAndEverythingIsUnknown() {
        for (String node : List.of(A, B)) {
            assertEquals(0, node("switchboard.node.up", node));
            assertEquals(0, node("switchboard.node.primary", node));
            assertEquals(0, node("switchboard.node.standby", node));
            assertEquals(0, node("switchboard.node.timeline", node));
            assertEquals(-1, node("switchboard.node.lag.bytes", node));
            assertEquals(-1, node("switchboard.node.lag.seconds", node), "infinite lag reads as -1, never NaN");
        }
        assertEquals(0, cluster("switchboard.cluster.write_target_available"));
        assertEquals(0, cluster("switchboard.cluster.split_brain"));
        assertEquals(0, roleChanges());
    }

    @Test
    void primaryAndLaggingStandby() {
        long primaryLsn = Lsn.parse("0/3000060");
        topology.observe(NodeObservation.primary(A, primaryLsn, 1, SYSTEM_ID, NOW));
        topology.observe(NodeObservation.standby(B, primaryLsn - 100, primaryLsn, 1, 2.5, SYSTEM_ID, NOW));

        assertEquals(1, node("switchboard.node.up", A));
        assertEquals(1, node("switchboard.node.primary", A));
        assertEquals(0, node("switchboard.node.standby", A));
        assertEquals(0, node("switchboard.node.lag.bytes", A));
        assertEquals(0, node("switchboard.node.lag.seconds", A));
        assertEquals(0x3000060, node("switchboard.node.lsn", A));
        assertEquals(1, node("switchboard.node.timeline", A));

        assertEquals(1, node("switchboard.node.up", B));
        assertEquals(0, node("switchboard.node.primary", B));
        assertEquals(1, node("switchboard.node.standby", B));
        assertEquals(100, node("switchboard.node.lag.bytes", B));
        assertEquals(2.5, node("switchboard.node.lag.seconds", B));
        assertEquals(0x3000060 - 100, node("switchboard.node.lsn", B));

        assertEquals(1, cluster("switchboard.cluster.write_target_available"));
        assertEquals(1, cluster("switchboard.cluster.highest_timeline"));
        assertEquals(topology.roleChanges(), roleChanges());
        assertTrue(roleChanges() >= 2, "both nodes changed from unknown to up");
    }

    @Test
    void standbyWithUnknownReplayAgeReadsMinusOne() {
        topology.observe(NodeObservation.primary(A, 5000, 1, SYSTEM_ID, NOW));
        topology.observe(NodeObservation.standby(B, 4000, 5000, 1, Double.NaN, SYSTEM_ID, NOW));
        assertEquals(1, node("switchboard.node.standby", B));
        assertEquals(-1, node("switchboard.node.lag.seconds", B));
        assertEquals(1000, node("switchboard.node.lag.bytes", B));
    }

    @Test
    void oldPrimaryOnALowerTimelineIsFencedAfterPromotion() {
        topology.observe(NodeObservation.primary(A, 5000, 1, SYSTEM_ID, NOW));
        topology.observe(NodeObservation.standby(B, 5000, 5000, 1, 0, SYSTEM_ID, NOW));
        double before = roleChanges();

        topology.observe(NodeObservation.primary(B, 6000, 2, SYSTEM_ID, NOW));

        assertEquals(1, node("switchboard.node.fenced", A));
        assertEquals(0, node("switchboard.node.up", A));
        assertEquals(0, node("switchboard.node.primary", A));
        assertEquals(1, node("switchboard.node.primary", B));
        assertEquals(2, node("switchboard.node.timeline", B));
        assertEquals(2, cluster("switchboard.cluster.highest_timeline"));
        assertEquals(1, cluster("switchboard.cluster.write_target_available"));
        assertEquals(0, cluster("switchboard.cluster.split_brain"));
        assertEquals(before + 2, roleChanges(), "A fenced and B promoted are two changes");
    }

    @Test
    void twoWritableNodesOnOneTimelineAreSplitBrain() {
        topology.observe(NodeObservation.primary(A, 5000, 1, SYSTEM_ID, NOW));
        topology.observe(NodeObservation.primary(B, 5000, 1, SYSTEM_ID, NOW));

        assertEquals(1, cluster("switchboard.cluster.split_brain"));
        assertEquals(0, cluster("switchboard.cluster.write_target_available"));
        assertEquals(1, node("switchboard.node.fenced", A));
        assertEquals(1, node("switchboard.node.fenced", B));
        assertEquals(-1, node("switchboard.node.lag.bytes", B));
    }

    @Test
    void downNodeIsNeitherUpNorStandby() {
        topology.observe(NodeObservation.primary(A, 5000, 1, SYSTEM_ID, NOW));
        topology.observe(NodeObservation.standby(B, 5000, 5000, 1, 0, SYSTEM_ID, NOW));
        topology.observe(NodeObservation.unreachable(B, "connection refused", NOW));
        assertEquals(0, node("switchboard.node.up", B));
        assertEquals(0, node("switchboard.node.standby", B));
        assertEquals(1, node("switchboard.node.timeline", B), "the last known timeline stays visible");
    }

    @Test
    void walPositionsAboveTheSignedRangeStayPositive() {
        long high = Lsn.parse("FFFFFFFF/FFFFFFFF");
        assertEquals(0x1p64, TopologyMetrics.unsignedToDouble(high));
        assertEquals(0x1p63, TopologyMetrics.unsignedToDouble(Lsn.parse("80000000/0")));
        assertEquals(42, TopologyMetrics.unsignedToDouble(42));
    }
}
