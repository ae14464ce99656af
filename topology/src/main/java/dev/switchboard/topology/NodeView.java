// NodeView: the routing-relevant state of one node in a topology snapshot.
package dev.switchboard.topology;

import java.time.Instant;

/**
 * One node as the router sees it.
 *
 * @param node        "host:port"
 * @param index       position in the configured node list (stable across snapshots)
 * @param state       routing state
 * @param standby     in recovery (meaningful when observed)
 * @param writeTarget whether writes go here now
 * @param timeline    last known timeline, 0 when unknown
 * @param lsn         last known position (insert for a primary, replay for a standby)
 * @param lagBytes    a standby's distance behind the write target (or the furthest node); -1 when unknown
 *                    (e.g. on another timeline); 0 for the primary
 * @param lagSeconds  a standby's replay delay; 0 when it replayed all it received; +inf when unknown
 * @param since       when its state, role or timeline last changed
 * @param detail      why it is in this state (error, fencing reason); may be null
 * @param observedAt  when it was last read; null before the first reading
 */
public record NodeView(String node, int index, NodeState state, boolean standby, boolean writeTarget, int timeline,
                       long lsn, long lagBytes, double lagSeconds, Instant since, String detail, Instant observedAt) {

    /** A role for display: primary, standby, or the state when the node is not routable. */
    public String role() {
        if (state != NodeState.UP) {
            return state.label();
        }
        return standby ? "standby" : "primary";
    }

    public boolean isUpStandby() {
        return state == NodeState.UP && standby;
    }
}
