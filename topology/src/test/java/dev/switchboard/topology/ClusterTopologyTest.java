// ClusterTopologyTest: nodes added and removed while the topology runs (a reload), and what routing sees of them.
package dev.switchboard.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ClusterTopologyTest {
    private static final long SYSID = 42;
    private static final Instant T0 = Instant.parse("2025-01-01T00:00:00Z");

    @Test
    void anAddedNodeComesLastAndHoldsTheWriteTargetBackUntilRead() {
        ClusterTopology topology = new ClusterTopology("main", List.of("a:1", "b:1"), false, Clock.systemUTC());
        topology.observe(NodeObservation.primary("a:1", 1000, 1, SYSID, T0));
        topology.observe(NodeObservation.standby("b:1", 900, 900, 1, 0.1, SYSID, T0));
        assertEquals("a:1", topology.current().writeTarget().node());

        topology.addNode("c:1");
        assertEquals(List.of("a:1", "b:1", "c:1"), topology.nodes());
        assertEquals(2, topology.current().node("c:1").index());
        assertNull(topology.current().writeTarget(), "not every node has been read yet");
        topology.observe(NodeObservation.standby("c:1", 950, 950, 1, 0.1, SYSID, T0));
        assertEquals("a:1", topology.current().writeTarget().node());
        assertEquals(NodeState.UP, topology.current().node("c:1").state());
    }

    @Test
    void aRemovedNodeRetiresAtItsPlaceAndMayComeBack() {
        ClusterTopology topology = new ClusterTopology("main", List.of("a:1", "b:1"), false, Clock.systemUTC());
        topology.observe(NodeObservation.primary("a:1", 1000, 1, SYSID, T0));
        topology.observe(NodeObservation.standby("b:1", 900, 900, 1, 0.1, SYSID, T0));

        topology.retireNode("b:1");
        assertEquals(NodeState.RETIRED, topology.current().node("b:1").state());
        assertEquals(1, topology.current().node("b:1").index());
        topology.observe(NodeObservation.standby("b:1", 950, 950, 1, 0.1, SYSID, T0)); // its monitor's last one
        assertEquals(NodeState.RETIRED, topology.current().node("b:1").state());
        assertEquals("a:1", topology.current().writeTarget().node());

        topology.addNode("b:1");
        assertEquals(List.of("a:1", "b:1"), topology.nodes(), "back at its place");
        topology.observe(NodeObservation.standby("b:1", 950, 950, 1, 0.1, SYSID, T0));
        assertEquals(NodeState.UP, topology.current().node("b:1").state());
    }

    @Test
    void theLoadGrowsAndKeepsItsCounts() {
        NodeLoad load = new NodeLoad(1);
        load.started(0);
        load.grow(3);
        load.started(2);
        assertEquals(1, load.outstanding(0));
        assertEquals(1, load.outstanding(2));
        load.finished(0);
        assertEquals(0, load.outstanding(0));
    }
}
