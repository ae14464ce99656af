// NodeProbeTest: the probe's text rows as PostgreSQL returns them, turned into readings.
package dev.switchboard.topology.monitor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.topology.Lsn;
import dev.switchboard.topology.NodeObservation;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class NodeProbeTest {

    private static final String NODE = "10.0.0.5:5432";
    private static final Instant AT = Instant.parse("2025-03-01T12:00:00Z");
    private static final String SYSID = "7451234567890123456";

    @Test
    void aPrimaryRow() {
        NodeObservation r = parse("f", "0/3000148", null, "1", null, null, SYSID);
        assertTrue(r.reachable());
        assertNull(r.error());
        assertFalse(r.standby());
        assertEquals(Lsn.parse("0/3000148"), r.lsn());
        assertEquals(r.lsn(), r.receiveLsn());
        assertEquals(1, r.timeline());
        assertEquals(7451234567890123456L, r.systemIdentifier());
        assertEquals(NODE, r.node());
        assertEquals(AT, r.at());
        assertEquals(0.0, r.lagSeconds());
    }

    @Test
    void aPromotedPrimaryKeepsItsOldReplayAgeOutOfTheReading() {
        // After a promotion pg_last_xact_replay_timestamp() still answers; a primary has no replay lag.
        NodeObservation r = parse("f", "0/5000000", null, "2", null, "812.5", SYSID);
        assertEquals(2, r.timeline());
        assertEquals(0.0, r.lagSeconds());
        assertEquals(0.0, r.replayAgeSeconds());
    }

    @Test
    void aStandbyRow() {
        NodeObservation r = parse("t", "0/2FFF000", "0/3000148", null, "1", "0.25", SYSID);
        assertTrue(r.standby());
        assertEquals(Lsn.parse("0/2FFF000"), r.lsn());
        assertEquals(Lsn.parse("0/3000148"), r.receiveLsn());
        assertEquals(1, r.timeline());
        assertEquals(0.25, r.replayAgeSeconds());
        assertEquals(0.25, r.lagSeconds(), "behind what it received");
    }

    @Test
    void aStandbyThatReplayedAllItReceivedHasNoLagWhateverTheReplayAge() {
        NodeObservation r = parse("t", "0/3000148", "0/3000148", null, "1", "3600.000001", SYSID);
        assertEquals(0.0, r.lagSeconds());
    }

    @Test
    void aStandbyWithoutReplayPositionUsesItsReceivePosition() {
        NodeObservation r = parse("t", null, "0/3000148", null, "1", null, SYSID);
        assertEquals(Lsn.parse("0/3000148"), r.lsn());
        assertEquals(Lsn.parse("0/3000148"), r.receiveLsn());
        assertTrue(Double.isNaN(r.replayAgeSeconds()));
    }

    @Test
    void aStandbyWithNeitherPositionHasAnUnknownOne() {
        NodeObservation r = parse("t", null, null, null, null, null, SYSID);
        assertEquals(Lsn.UNKNOWN, r.lsn());
        assertEquals(Lsn.UNKNOWN, r.receiveLsn());
        assertEquals(0, r.timeline());
    }

    @Test
    void aStandbyWithoutWalReceiverHasAnUnknownTimeline() {
        NodeObservation r = parse("t", "0/3000148", "0/3000148", null, null, "1.5", SYSID);
        assertTrue(r.standby());
        assertEquals(0, r.timeline());
        assertEquals(Lsn.parse("0/3000148"), r.lsn());
    }

    @Test
    void aStandbyOnAHighTimeline() {
        NodeObservation r = parse("t", "A/10", "A/20", null, "12", "0", SYSID);
        assertEquals(12, r.timeline());
        assertEquals(Lsn.parse("A/10"), r.lsn());
    }

    @Test
    void malformedResultsAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> NodeProbe.parse(NODE, List.of(), AT));
        assertThrows(IllegalArgumentException.class, () -> NodeProbe.parse(NODE,
                List.of(Arrays.asList("f", "0/1")), AT));
        assertThrows(IllegalArgumentException.class, () -> parse("x", "0/1", null, "1", null, null, SYSID));
        assertThrows(IllegalArgumentException.class, () -> parse("f", "0/1", null, null, null, null, SYSID));
        assertThrows(IllegalArgumentException.class, () -> parse("f", "zz", null, "1", null, null, SYSID));
        assertThrows(IllegalArgumentException.class, () -> parse("f", "0/1", null, "0", null, null, SYSID));
        assertThrows(IllegalArgumentException.class, () -> parse("f", "0/1", null, "1", null, null, null));
        assertThrows(IllegalArgumentException.class, () -> parse("t", "0/1", "0/1", null, "1", "soon", SYSID));
    }

    @Test
    void theQueryNeverTakesTheTimelineFromTheLastCheckpoint() {
        assertFalse(NodeProbe.SQL.contains("pg_control_checkpoint"));
        assertTrue(NodeProbe.SQL.contains("pg_walfile_name(pg_current_wal_lsn())"));
        assertTrue(NodeProbe.SQL.contains("received_tli"));
    }

    private static NodeObservation parse(String... columns) {
        return NodeProbe.parse(NODE, List.of(Arrays.asList(columns)), AT);
    }
}
