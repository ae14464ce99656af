// TopologyChanges: what differs between two snapshots of a cluster, as events for the dashboard.
package dev.switchboard.proxy.admin;

import dev.switchboard.topology.NodeView;
import dev.switchboard.topology.TopologySnapshot;
import java.util.Objects;

/**
 * Records a node's role (primary, standby, down, fenced...) and timeline changes and the write target's moves.
 * LSN and lag move with every reading, so they are not events.
 */
public final class TopologyChanges {

    private TopologyChanges() {
    }

    /** Adds to {@code events} what changed from {@code before} to {@code after} (snapshots of one cluster). */
    public static void record(TopologySnapshot before, TopologySnapshot after, RecentEvents events) {
        String cluster = after.cluster();
        for (NodeView node : after.nodes()) {
            NodeView was = before.node(node.node());
            if (was == null) {
                continue;
            }
            if (!was.role().equals(node.role())) {
                events.add("role", cluster, node.node() + ": " + was.role() + " \u2192 " + node.role()
                        + (node.detail() == null ? "" : " (" + node.detail() + ")"));
            }
            if (was.timeline() != 0 && node.timeline() != 0 && was.timeline() != node.timeline()) {
                events.add("role", cluster, node.node() + ": timeline " + was.timeline() + " \u2192 "
                        + node.timeline());
            }
        }
        String wasTarget = target(before);
        String target = target(after);
        if (!Objects.equals(wasTarget, target)) {
            events.add("write-target", cluster, "write target: " + (wasTarget == null ? "none" : wasTarget)
                    + " \u2192 " + (target == null ? "none" + reason(after) : target));
        }
    }

    private static String target(TopologySnapshot snapshot) {
        return snapshot.writeTarget() == null ? null : snapshot.writeTarget().node();
    }

    private static String reason(TopologySnapshot snapshot) {
        return snapshot.noWriteReason() == null ? "" : " (" + snapshot.noWriteReason() + ")";
    }
}
