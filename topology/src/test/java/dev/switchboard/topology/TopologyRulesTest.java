// TopologyRulesTest: who gets writes and which nodes are routable, decided from readings alone.
package dev.switchboard.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TopologyRulesTest {

    private static final String A = "a:5432";
    private static final String B = "b:5432";
    private static final String C = "c:5432";
    private static final List<String> NODES = List.of(A, B, C);
    private static final long SYSID = 7_312_345_678_901_234_567L;
    private static final Instant T0 = Instant.parse("2025-01-01T00:00:00Z");

    private final Map<String, NodeObservation> readings = new HashMap<>();
    private TopologyRules.Memory memory = TopologyRules.Memory.EMPTY;
    private TopologySnapshot previous;

    @Test
    void noWriteTargetBeforeEveryNodeWasRead() {
        readings.put(A, primary(A, 1, 1000));
        readings.put(B, standby(B, 1, 900));
        TopologySnapshot s = decide(TopologyRules.AuthorityInput.NONE);
        assertNull(s.writeTarget());
        assertTrue(s.noWriteReason().contains("not every node"), s.noWriteReason());
        assertEquals(NodeState.UP, s.node(A).state());
        assertEquals(NodeState.UNKNOWN, s.node(C).state());
        assertNull(s.node(C).observedAt());
    }

    @Test
    void theOnePrimaryIsTheWriteTarget() {
        readAll();
        TopologySnapshot s = decide(TopologyRules.AuthorityInput.NONE);
        assertNotNull(s.writeTarget());
        assertEquals(A, s.writeTarget().node());
        assertNull(s.noWriteReason());
        assertFalse(s.splitBrain());
        assertEquals(1, s.highestTimeline());
        assertTrue(s.node(A).writeTarget());
        assertFalse(s.node(B).writeTarget());
        assertTrue(s.node(B).isUpStandby());
        assertEquals("primary", s.node(A).role());
        assertEquals("standby", s.node(B).role());
        assertEquals(List.of(0, 1, 2), s.nodes().stream().map(NodeView::index).toList());
    }

    @Test
    void anUnreachableNodeIsDownWithItsErrorAndCountsAsRead() {
        readings.put(A, primary(A, 1, 1000));
        readings.put(B, standby(B, 1, 900));
        readings.put(C, NodeObservation.unreachable(C, "connection refused", T0));
        TopologySnapshot s = decide(TopologyRules.AuthorityInput.NONE);
        assertEquals(NodeState.DOWN, s.node(C).state());
        assertEquals("connection refused", s.node(C).detail());
        assertEquals("down", s.node(C).role());
        assertEquals(A, s.writeTarget().node());
    }

    @Test
    void lagBytesOfAStandbyAreThePrimaryPositionMinusItsOwn() {
        readings.put(A, primary(A, 1, 0x3000_0000L));
        readings.put(B, standby(B, 1, 0x2FFF_F000L));
        readings.put(C, standby(C, 1, 0x3000_0000L));
        TopologySnapshot s = decide(TopologyRules.AuthorityInput.NONE);
        assertEquals(0x1000, s.node(B).lagBytes());
        assertEquals(0, s.node(C).lagBytes());
        assertEquals(0, s.node(A).lagBytes());
        assertEquals(0x2FFF_F000L, s.node(B).lsn());
    }

    @Test
    void lagSecondsAreZeroWhenAStandbyReplayedAllItReceived() {
        readings.put(A, primary(A, 1, 5000));
        // The replay timestamp ages on an idle primary: 120 s old, yet nothing is missing.
        readings.put(B, NodeObservation.standby(B, 4000, 4000, 1, 120.0, SYSID, T0));
        readings.put(C, NodeObservation.standby(C, 3000, 4000, 1, 7.5, SYSID, T0));
        TopologySnapshot s = decide(TopologyRules.AuthorityInput.NONE);
        assertEquals(0.0, s.node(B).lagSeconds());
        assertEquals(7.5, s.node(C).lagSeconds());
        assertEquals(0.0, s.node(A).lagSeconds());
    }

    @Test
    void aPromotedStandbyOnTimelineTwoWinsAndTheOldPrimaryIsFenced() {
        readAll();
        decide(TopologyRules.AuthorityInput.NONE);
        readings.put(B, primary(B, 2, 2000));
        TopologySnapshot s = decide(TopologyRules.AuthorityInput.NONE);
        assertEquals(B, s.writeTarget().node());
        assertEquals(2, s.highestTimeline());
        assertFalse(s.splitBrain());
        assertEquals(NodeState.FENCED, s.node(A).state());
        assertFalse(s.node(A).writeTarget());
        assertTrue(s.node(A).detail().contains("timeline 1"), s.node(A).detail());
        assertEquals("fenced", s.node(A).role());
        assertEquals(-1, s.node(A).lagBytes());
        // A standby still on timeline 1 has no position comparable with timeline 2.
        assertEquals(NodeState.UP, s.node(C).state());
        assertEquals(-1, s.node(C).lagBytes());
    }

    @Test
    void theOldPrimaryStaysFencedWhenTheNewOneIsUnreachable() {
        readAll();
        readings.put(B, primary(B, 2, 2000));
        decide(TopologyRules.AuthorityInput.NONE);
        readings.put(B, NodeObservation.unreachable(B, "connection refused", T0));
        TopologySnapshot s = decide(TopologyRules.AuthorityInput.NONE);
        assertNull(s.writeTarget(), "the highest timeline is remembered");
        assertEquals(NodeState.FENCED, s.node(A).state());
        assertEquals(2, s.highestTimeline());
        assertEquals(NodeState.DOWN, s.node(B).state());
    }

    @Test
    void twoWritableNodesOnTheSameTimelineAreASplitBrainWithoutWriteTarget() {
        readAll();
        readings.put(B, primary(B, 1, 1100));
        TopologySnapshot s = decide(TopologyRules.AuthorityInput.NONE);
        assertTrue(s.splitBrain());
        assertNull(s.writeTarget());
        assertTrue(s.noWriteReason().contains("split brain"), s.noWriteReason());
        assertEquals(NodeState.FENCED, s.node(A).state());
        assertEquals(NodeState.FENCED, s.node(B).state());
        assertFalse(s.node(A).writeTarget() || s.node(B).writeTarget());
        assertEquals(NodeState.UP, s.node(C).state());
    }

    @Test
    void aNodeOfAnotherSystemIsForeignAndGetsNothing() {
        readAll();
        readings.put(C, NodeObservation.primary(C, 5000, 3, SYSID + 1, T0));
        TopologySnapshot s = decide(TopologyRules.AuthorityInput.NONE);
        assertEquals(NodeState.FOREIGN, s.node(C).state());
        assertFalse(s.node(C).writeTarget());
        assertTrue(s.node(C).detail().contains("system identifier"), s.node(C).detail());
        // Its higher timeline is not the cluster's.
        assertEquals(1, s.highestTimeline());
        assertEquals(A, s.writeTarget().node());
    }

    @Test
    void withAnAuthorityTheCandidateIsTheTargetOnlyWhenItIsNamed() {
        readAll();
        TopologySnapshot named = decide(new TopologyRules.AuthorityInput(true, AuthorityVerdict.leader(A)));
        assertEquals(A, named.writeTarget().node());

        TopologySnapshot other = decide(new TopologyRules.AuthorityInput(true, AuthorityVerdict.leader(B)));
        assertNull(other.writeTarget());
        assertTrue(other.noWriteReason().contains(B), other.noWriteReason());
        assertEquals(NodeState.UP, other.node(A).state(), "not named is not fenced");

        TopologySnapshot none = decide(new TopologyRules.AuthorityInput(true, AuthorityVerdict.leader(null)));
        assertNull(none.writeTarget());

        TopologySnapshot notYet = decide(new TopologyRules.AuthorityInput(true, null));
        assertNull(notYet.writeTarget());
        assertTrue(notYet.noWriteReason().contains("not been read"), notYet.noWriteReason());
    }

    @Test
    void anUnreadableAuthorityMeansNoWriteTarget() {
        readAll();
        TopologySnapshot s = decide(new TopologyRules.AuthorityInput(true,
                AuthorityVerdict.unreadable("connection refused")));
        assertNull(s.writeTarget());
        assertTrue(s.noWriteReason().contains("connection refused"), s.noWriteReason());
    }

    @Test
    void anAuthorityCannotMakeAFencedNodeTheTarget() {
        readAll();
        readings.put(B, primary(B, 2, 2000));
        TopologySnapshot s = decide(new TopologyRules.AuthorityInput(true, AuthorityVerdict.leader(A)));
        assertNull(s.writeTarget());
        assertEquals(NodeState.FENCED, s.node(A).state());
    }

    @Test
    void versionsIncreaseAndSinceMovesOnlyOnChange() {
        readAll();
        TopologySnapshot first = decide(TopologyRules.AuthorityInput.NONE, T0);
        TopologySnapshot second = decide(TopologyRules.AuthorityInput.NONE, T0.plusSeconds(1));
        assertEquals(first.version() + 1, second.version());
        assertEquals(T0, second.node(A).since());
        readings.put(B, NodeObservation.unreachable(B, "lost", T0.plusSeconds(2)));
        TopologySnapshot third = decide(TopologyRules.AuthorityInput.NONE, T0.plusSeconds(2));
        assertEquals(T0.plusSeconds(2), third.node(B).since());
        assertEquals(T0, third.node(A).since());
    }

    private void readAll() {
        readings.put(A, primary(A, 1, 1000));
        readings.put(B, standby(B, 1, 900));
        readings.put(C, standby(C, 1, 950));
    }

    @Test
    void aRetiredNodeKeepsItsIndexCountsForNothingAndGetsNothing() {
        readings.put(A, primary(A, 1, 1000));
        readings.put(B, standby(B, 1, 900)); // C was never read: retired, it does not hold the write target back
        readings.put(C, primary(C, 1, 1000)); // and a reading it still has (a last one) is not looked at
        TopologyRules.Decision d = TopologyRules.decide("main", NODES, java.util.Set.of(C), readings, memory,
                TopologyRules.AuthorityInput.NONE, null, T0);
        TopologySnapshot s = d.snapshot();
        assertEquals(A, s.writeTarget().node(), "no split brain with a retired node");
        assertEquals(NodeState.RETIRED, s.node(C).state());
        assertEquals(2, s.node(C).index());
        assertFalse(s.node(C).writeTarget());
        assertFalse(s.node(C).isUpStandby());
    }

    private TopologySnapshot decide(TopologyRules.AuthorityInput authority) {
        return decide(authority, T0);
    }

    private TopologySnapshot decide(TopologyRules.AuthorityInput authority, Instant now) {
        TopologyRules.Decision d = TopologyRules.decide("main", NODES, readings, memory, authority, previous, now);
        memory = d.memory();
        previous = d.snapshot();
        return d.snapshot();
    }

    private static NodeObservation primary(String node, int timeline, long lsn) {
        return NodeObservation.primary(node, lsn, timeline, SYSID, T0);
    }

    private static NodeObservation standby(String node, int timeline, long lsn) {
        return NodeObservation.standby(node, lsn, lsn, timeline, 0.5, SYSID, T0);
    }
}
