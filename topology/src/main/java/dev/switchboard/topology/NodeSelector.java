// NodeSelector: picks the node for one unit of work from a snapshot — role, lag bound, read-your-writes, load.
package dev.switchboard.topology;

import java.util.ArrayList;
import java.util.List;

/** Stateless node choice; the caller waits for the next snapshot when it gets null. */
public final class NodeSelector {

    private NodeSelector() {
    }

    /**
     * A choice. With {@code verifyReplay}, the snapshot could not show that the standby has the client's
     * commit yet (it is up to one poll old): the caller checks on the connection itself and falls back to the
     * write target when the standby is behind.
     */
    public record Choice(NodeView node, boolean verifyReplay) {
    }

    /**
     * Chooses a node, or returns null when none is eligible now.
     *
     * @param token the client's last commit (read-your-writes), or null
     */
    public static Choice choose(TopologySnapshot snapshot, Route route, LagBound bound, CommitToken token, NodeLoad load) {
        if (route == Route.WRITE) {
            return snapshot.writeTarget() == null ? null : new Choice(snapshot.writeTarget(), false);
        }
        List<NodeView> fresh = new ArrayList<>(snapshot.nodes().size());
        List<NodeView> unverified = new ArrayList<>(snapshot.nodes().size());
        for (NodeView node : snapshot.nodes()) {
            if (!node.isUpStandby() || !bound.accepts(node)) {
                continue;
            }
            if (token == null || token.satisfiedBy(node.timeline(), node.lsn())) {
                fresh.add(node);
            } else if (node.timeline() == token.timeline()) {
                unverified.add(node);
            }
        }
        NodeView primary = snapshot.writeTarget();
        if (route == Route.ANY && primary != null) {
            fresh.add(primary); // the primary always has the client's commits
        }
        if (!fresh.isEmpty()) {
            return new Choice(load.leastLoaded(fresh), false);
        }
        if (!unverified.isEmpty()) {
            return new Choice(load.leastLoaded(unverified), true);
        }
        if (primary != null && (route != Route.STANDBY || token != null)) {
            // Read-your-writes: no standby has the commit, so the primary serves the read, whatever the target.
            return new Choice(primary, false);
        }
        return null;
    }
}
