// Snapshots: hand-built topology snapshots shared by the admin rendering and routing tests.
package dev.switchboard.proxy.admin;

import dev.switchboard.topology.Lsn;
import dev.switchboard.topology.NodeState;
import dev.switchboard.topology.NodeView;
import dev.switchboard.topology.TopologySnapshot;
import java.time.Instant;
import java.util.List;

/** Two clusters: "main" healthy with a lagging and a down standby, "reports" in split brain with an unread node. */
final class Snapshots {
    static final Instant T0 = Instant.parse("2026-03-01T11:59:00Z");
    static final Instant T1 = Instant.parse("2026-03-01T12:00:00.750Z");
    static final Instant SEEN = Instant.parse("2026-03-01T12:00:05.250Z");

    private Snapshots() {
    }

    static TopologySnapshot healthy() {
        NodeView primary = new NodeView("10.0.0.1:5432", 0, NodeState.UP, false, true, 2, Lsn.parse("0/3000060"), 0, 0,
                T1, null, SEEN);
        NodeView standby = new NodeView("10.0.0.2:5432", 1, NodeState.UP, true, false, 2, Lsn.parse("0/3000000"), 96,
                1.5, T0, null, SEEN);
        NodeView down = new NodeView("db-3.example:5433", 2, NodeState.DOWN, true, false, 1, Lsn.parse("0/2000000"), -1,
                Double.POSITIVE_INFINITY, T0, "connection refused: \"db3\"\n\tretrying", SEEN);
        return new TopologySnapshot("main", 7, List.of(primary, standby, down), primary, null, false, 2);
    }

    static TopologySnapshot splitBrain() {
        String reason = "split brain: 10.1.0.1:5432 and 10.1.0.2:5432 are both writable on timeline 3; writes are refused";
        NodeView first = new NodeView("10.1.0.1:5432", 0, NodeState.FENCED, false, false, 3, Lsn.parse("1/A0"), -1,
                Double.POSITIVE_INFINITY, T1, "split brain: another node is writable on timeline 3", SEEN);
        NodeView second = new NodeView("10.1.0.2:5432", 1, NodeState.FENCED, false, false, 3, Lsn.parse("1/B0"), -1,
                Double.POSITIVE_INFINITY, T1, "split brain: another node is writable on timeline 3", SEEN);
        NodeView unread = new NodeView("10.1.0.3:5432", 2, NodeState.UNKNOWN, false, false, 0, Lsn.UNKNOWN, -1,
                Double.POSITIVE_INFINITY, T0, null, null);
        return new TopologySnapshot("reports", 12, List.of(first, second, unread), null, reason, true, 3);
    }
}
