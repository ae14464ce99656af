// TopologySnapshot: an immutable picture of one cluster that routing reads without locks.
package dev.switchboard.topology;

import java.util.List;

/**
 * The cluster as last decided.
 *
 * @param cluster         cluster name
 * @param version         increases with every published snapshot
 * @param nodes           every configured node, in configured order
 * @param writeTarget     the node writes go to; null when there is none (failover, split brain, authority disagrees)
 * @param noWriteReason   why there is no write target; null when there is one
 * @param splitBrain      two writable nodes on the cluster's highest timeline
 * @param highestTimeline the highest timeline seen in this cluster since start
 */
public record TopologySnapshot(String cluster, long version, List<NodeView> nodes, NodeView writeTarget,
                               String noWriteReason, boolean splitBrain, int highestTimeline) {

    public TopologySnapshot {
        nodes = List.copyOf(nodes);
    }

    public NodeView node(String node) {
        for (NodeView view : nodes) {
            if (view.node().equals(node)) {
                return view;
            }
        }
        return null;
    }
}
