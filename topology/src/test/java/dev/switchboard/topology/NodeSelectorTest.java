// NodeSelectorTest: node choice by route, lag bound, read-your-writes token and load.
package dev.switchboard.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class NodeSelectorTest {

    private static final String A = "a:5432";
    private static final String B = "b:5432";
    private static final String C = "c:5432";
    private static final List<String> NODES = List.of(A, B, C);
    private static final long SYSID = 42;
    private static final Instant T0 = Instant.parse("2025-01-01T00:00:00Z");
    private static final int INDEX_A = 0;
    private static final int INDEX_B = 1;
    private static final int INDEX_C = 2;

    private final NodeLoad load = new NodeLoad(NODES.size());

    @Test
    void writeGoesToTheWriteTargetOnly() {
        TopologySnapshot s = snapshot(primary(A, 1, 1000), standby(B, 1, 1000, 0), standby(C, 1, 1000, 0));
        NodeSelector.Choice choice = NodeSelector.choose(s, Route.WRITE, LagBound.NONE, null, load);
        assertEquals(A, choice.node().node());
        assertFalse(choice.verifyReplay());
    }

    @Test
    void writeWithoutWriteTargetIsNull() {
        TopologySnapshot s = snapshot(NodeObservation.unreachable(A, "down", T0), standby(B, 1, 1000, 0),
                standby(C, 1, 1000, 0));
        assertNull(NodeSelector.choose(s, Route.WRITE, LagBound.NONE, null, load));
    }

    @Test
    void standbyNeverPicksThePrimaryAndSpreadsOverStandbys() {
        TopologySnapshot s = snapshot(primary(A, 1, 1000), standby(B, 1, 1000, 0), standby(C, 1, 1000, 0));
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 10; i++) {
            NodeSelector.Choice choice = NodeSelector.choose(s, Route.STANDBY, LagBound.NONE, null, load);
            assertFalse(choice.verifyReplay());
            seen.add(choice.node().node());
        }
        assertEquals(Set.of(B, C), seen, "equal loads take turns");
    }

    @Test
    void standbyPrefersTheLeastLoaded() {
        TopologySnapshot s = snapshot(primary(A, 1, 1000), standby(B, 1, 1000, 0), standby(C, 1, 1000, 0));
        load.started(INDEX_B);
        for (int i = 0; i < 4; i++) {
            assertEquals(C, NodeSelector.choose(s, Route.STANDBY, LagBound.NONE, null, load).node().node());
        }
    }

    @Test
    void preferStandbyTakesAStandbyWhenThereIsOneElseThePrimary() {
        TopologySnapshot both = snapshot(primary(A, 1, 1000), standby(B, 1, 1000, 0),
                NodeObservation.unreachable(C, "down", T0));
        load.started(INDEX_B);
        load.started(INDEX_B);
        // Even a busier standby beats an idle primary.
        assertEquals(B, NodeSelector.choose(both, Route.PREFER_STANDBY, LagBound.NONE, null, load).node().node());

        TopologySnapshot noStandby = snapshot(primary(A, 1, 1000), NodeObservation.unreachable(B, "down", T0),
                NodeObservation.unreachable(C, "down", T0));
        assertEquals(A, NodeSelector.choose(noStandby, Route.PREFER_STANDBY, LagBound.NONE, null, load).node().node());
    }

    @Test
    void anyIncludesThePrimary() {
        TopologySnapshot s = snapshot(primary(A, 1, 1000), standby(B, 1, 1000, 0), standby(C, 1, 1000, 0));
        load.started(INDEX_B);
        load.started(INDEX_C);
        assertEquals(A, NodeSelector.choose(s, Route.ANY, LagBound.NONE, null, load).node().node());
        load.started(INDEX_A);
        load.started(INDEX_A);
        assertTrue(Set.of(B, C).contains(NodeSelector.choose(s, Route.ANY, LagBound.NONE, null, load).node().node()));
    }

    @Test
    void aByteLagBoundExcludesStandbysTooFarBehind() {
        TopologySnapshot s = snapshot(primary(A, 1, 10_000), standby(B, 1, 9_990, 0), standby(C, 1, 5_000, 0));
        assertEquals(10, s.node(B).lagBytes());
        assertEquals(5_000, s.node(C).lagBytes());
        load.started(INDEX_B); // C would win on load alone
        for (int i = 0; i < 4; i++) {
            assertEquals(B, NodeSelector.choose(s, Route.STANDBY, LagBound.bytes(100), null, load).node().node());
        }
        assertNull(NodeSelector.choose(s, Route.STANDBY, LagBound.bytes(5), null, load));
    }

    @Test
    void aTimeLagBoundExcludesStandbysReplayingTooLate() {
        TopologySnapshot s = snapshot(primary(A, 1, 10_000),
                NodeObservation.standby(B, 9_000, 10_000, 1, 0.2, SYSID, T0),
                NodeObservation.standby(C, 8_000, 10_000, 1, 30.0, SYSID, T0));
        load.started(INDEX_B);
        for (int i = 0; i < 4; i++) {
            assertEquals(B, NodeSelector.choose(s, Route.STANDBY, LagBound.time(Duration.ofSeconds(1)), null, load)
                    .node().node());
        }
        assertNull(NodeSelector.choose(s, Route.STANDBY, LagBound.time(Duration.ofMillis(100)), null, load));
    }

    @Test
    void aSatisfiedTokenAllowsAFreshStandby() {
        TopologySnapshot s = snapshot(primary(A, 1, 2000), standby(B, 1, 1500, 0), standby(C, 1, 900, 0));
        CommitToken token = new CommitToken(1200, 1);
        load.started(INDEX_B); // C would win on load alone, but it has not replayed the commit
        for (int i = 0; i < 4; i++) {
            NodeSelector.Choice choice = NodeSelector.choose(s, Route.STANDBY, LagBound.NONE, token, load);
            assertEquals(B, choice.node().node());
            assertFalse(choice.verifyReplay());
        }
    }

    @Test
    void anUnsatisfiedTokenOnTheSameTimelineAsksToVerifyReplay() {
        TopologySnapshot s = snapshot(primary(A, 1, 2000), standby(B, 1, 1000, 0), standby(C, 1, 900, 0));
        NodeSelector.Choice choice = NodeSelector.choose(s, Route.STANDBY, LagBound.NONE, new CommitToken(1900, 1),
                load);
        assertNotNull(choice);
        assertTrue(Set.of(B, C).contains(choice.node().node()));
        assertTrue(choice.verifyReplay());
    }

    @Test
    void aTokenFromAnotherTimelineSendsTheReadToThePrimary() {
        // B was promoted to timeline 2; C follows it. A client's commit from timeline 1 cannot be checked there.
        TopologySnapshot s = snapshot(NodeObservation.unreachable(A, "down", T0), primary(B, 2, 5000),
                standby(C, 2, 5000, 0));
        NodeSelector.Choice choice = NodeSelector.choose(s, Route.STANDBY, LagBound.NONE, new CommitToken(1000, 1),
                load);
        assertEquals(B, choice.node().node());
        assertFalse(choice.verifyReplay());
    }

    @Test
    void standbyWithoutEligibleStandbyOrTokenIsNull() {
        TopologySnapshot s = snapshot(primary(A, 1, 1000), NodeObservation.unreachable(B, "down", T0),
                NodeObservation.unreachable(C, "down", T0));
        assertNull(NodeSelector.choose(s, Route.STANDBY, LagBound.NONE, null, load));
    }

    private static TopologySnapshot snapshot(NodeObservation a, NodeObservation b, NodeObservation c) {
        Map<String, NodeObservation> readings = new HashMap<>();
        readings.put(A, a);
        readings.put(B, b);
        readings.put(C, c);
        return TopologyRules.decide("main", NODES, readings, TopologyRules.Memory.EMPTY,
                TopologyRules.AuthorityInput.NONE, null, T0).snapshot();
    }

    private static NodeObservation primary(String node, int timeline, long lsn) {
        return NodeObservation.primary(node, lsn, timeline, SYSID, T0);
    }

    private static NodeObservation standby(String node, int timeline, long lsn, double replayAge) {
        return NodeObservation.standby(node, lsn, lsn, timeline, replayAge, SYSID, T0);
    }
}
