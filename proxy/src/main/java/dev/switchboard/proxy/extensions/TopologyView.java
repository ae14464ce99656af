// TopologyView: the text of the switchboard.topology ParameterStatus — epoch, timeline, write target, standbys, target.
package dev.switchboard.proxy.extensions;

import dev.switchboard.config.Target;
import dev.switchboard.topology.NodeView;
import dev.switchboard.topology.TopologySnapshot;
import java.util.StringJoiner;

/**
 * {@code epoch=E;timeline=T;write=host:port;standbys=host:port@lag,…;target=read-only} (grammar in
 * docs/protocol-extensions.md). Standbys are the readable ones, in configured order, with their replay distance in
 * bytes ({@code ?} when unknown); {@code write} is empty while the cluster has no write target.
 */
public final class TopologyView {
    private TopologyView() {
    }

    public static String format(long epoch, TopologySnapshot snapshot, Target target) {
        StringBuilder out = new StringBuilder(96);
        out.append("epoch=").append(epoch)
                .append(";timeline=").append(Integer.toUnsignedString(snapshot.highestTimeline()))
                .append(";write=");
        if (snapshot.writeTarget() != null) {
            out.append(snapshot.writeTarget().node());
        }
        StringJoiner standbys = new StringJoiner(",");
        for (NodeView node : snapshot.nodes()) {
            if (node.isUpStandby()) {
                standbys.add(node.node() + "@" + (node.lagBytes() < 0 ? "?" : Long.toString(node.lagBytes())));
            }
        }
        return out.append(";standbys=").append(standbys).append(";target=").append(target.yamlName()).toString();
    }

    /**
     * What makes a new epoch: the timeline, the write target, the set of readable standbys. Lag alone does not:
     * it changes with every reading.
     */
    static String shape(TopologySnapshot snapshot) {
        StringBuilder out = new StringBuilder().append(snapshot.highestTimeline()).append('|');
        if (snapshot.writeTarget() != null) {
            out.append(snapshot.writeTarget().node());
        }
        for (NodeView node : snapshot.nodes()) {
            if (node.isUpStandby()) {
                out.append('|').append(node.node());
            }
        }
        return out.toString();
    }
}
