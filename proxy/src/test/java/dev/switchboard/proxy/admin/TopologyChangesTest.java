// TopologyChangesTest: a switchover between two snapshots becomes role, timeline and write-target events.
package dev.switchboard.proxy.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.switchboard.topology.ClusterTopology;
import dev.switchboard.topology.Lsn;
import dev.switchboard.topology.NodeObservation;
import dev.switchboard.topology.TopologySnapshot;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class TopologyChangesTest {
    private static final String A = "127.0.0.1:15432";
    private static final String B = "127.0.0.1:15433";
    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
    private static final long SYSTEM_ID = 7_300_000_000_000_000_123L;

    private final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
    private final ClusterTopology topology = new ClusterTopology("main", List.of(A, B), false, clock);
    private final RecentEvents events = new RecentEvents(clock);

    @Test
    void aSwitchoverIsTheOldPrimaryDownThePromotedStandbyAndTheWriteTargetMove() {
        long lsn = Lsn.parse("0/3000060");
        topology.observe(NodeObservation.primary(A, lsn, 1, SYSTEM_ID, NOW));
        topology.observe(NodeObservation.standby(B, lsn, lsn, 1, 0.0, SYSTEM_ID, NOW));
        TopologySnapshot before = topology.current();
        topology.observe(NodeObservation.unreachable(A, "connection refused", NOW));
        topology.observe(NodeObservation.primary(B, lsn + 200, 2, SYSTEM_ID, NOW));

        TopologyChanges.record(before, topology.current(), events);

        assertEquals(List.of(
                        "write target: " + A + " \u2192 " + B,
                        B + ": timeline 1 \u2192 2",
                        B + ": standby \u2192 primary",
                        A + ": primary \u2192 down (connection refused)"),
                events.newestFirst().stream().map(RecentEvents.Event::text).toList());
    }

    @Test
    void aReadingThatChangesNoRoleIsNoEvent() {
        long lsn = Lsn.parse("0/3000060");
        topology.observe(NodeObservation.primary(A, lsn, 1, SYSTEM_ID, NOW));
        topology.observe(NodeObservation.standby(B, lsn, lsn, 1, 0.0, SYSTEM_ID, NOW));
        TopologySnapshot before = topology.current();
        topology.observe(NodeObservation.standby(B, lsn + 10, lsn + 5, 1, 0.2, SYSTEM_ID, NOW));

        TopologyChanges.record(before, topology.current(), events);

        assertEquals(List.of(), events.newestFirst());
    }

    @Test
    void onlyTheNewestEventsAreKept() {
        for (int i = 0; i < RecentEvents.CAPACITY + 5; i++) {
            events.add("role", "main", "change " + i);
        }
        List<RecentEvents.Event> kept = events.newestFirst();
        assertEquals(RecentEvents.CAPACITY, kept.size());
        assertEquals("change " + (RecentEvents.CAPACITY + 4), kept.get(0).text());
    }
}
