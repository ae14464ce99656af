// TopologyJson: the /topology document — every cluster's snapshot as JSON for tools and dashboards.
package dev.switchboard.proxy.admin;

import dev.switchboard.topology.Lsn;
import dev.switchboard.topology.NodeView;
import dev.switchboard.topology.TopologySnapshot;
import java.time.Instant;
import java.util.List;

/**
 * Renders topology snapshots. Unknown values are JSON null rather than the sentinels the model uses internally
 * (-1 lag bytes, infinite lag seconds, timeline 0, position 0/0), so a consumer never mistakes a sentinel for
 * a measurement.
 */
final class TopologyJson {

    private TopologyJson() {
    }

    static String render(List<TopologySnapshot> snapshots) {
        JsonWriter json = new JsonWriter().beginObject().name("clusters").beginArray();
        for (TopologySnapshot snapshot : snapshots) {
            cluster(json, snapshot);
        }
        return json.endArray().endObject().toString();
    }

    /** One cluster as an object of the {@code clusters} array; the dashboard document embeds the same. */
    static void cluster(JsonWriter json, TopologySnapshot snapshot) {
        json.beginObject()
                .name("name").value(snapshot.cluster())
                .name("version").value(snapshot.version())
                .name("write_target").value(snapshot.writeTarget() == null ? null : snapshot.writeTarget().node())
                .name("no_write_reason").value(snapshot.noWriteReason())
                .name("split_brain").value(snapshot.splitBrain())
                .name("highest_timeline").value(snapshot.highestTimeline())
                .name("nodes").beginArray();
        for (NodeView node : snapshot.nodes()) {
            node(json, node);
        }
        json.endArray().endObject();
    }

    private static void node(JsonWriter json, NodeView node) {
        json.beginObject()
                .name("node").value(node.node())
                .name("role").value(node.role())
                .name("state").value(node.state().label())
                .name("write_target").value(node.writeTarget())
                .name("timeline");
        if (node.timeline() == 0) {
            json.nullValue();
        } else {
            json.value(node.timeline());
        }
        json.name("lsn").value(node.lsn() == Lsn.UNKNOWN ? null : Lsn.format(node.lsn()))
                .name("lag_bytes");
        if (node.lagBytes() < 0) {
            json.nullValue();
        } else {
            json.value(node.lagBytes());
        }
        json.name("lag_seconds").value(node.lagSeconds())
                .name("since").value(instant(node.since()))
                .name("observed_at").value(instant(node.observedAt()))
                .name("detail").value(node.detail())
                .endObject();
    }

    private static String instant(Instant instant) {
        return instant == null ? null : instant.toString();
    }
}
