// DashboardJson: the /dashboard.json document — topology, pools, clients, pins, handoffs and recent events.
package dev.switchboard.proxy.admin;

import dev.switchboard.topology.TopologySnapshot;
import java.time.Instant;
import java.util.List;

/**
 * Everything the dashboard page draws, in one document so that one poll gives a consistent screen. Its
 * {@code clusters} array is exactly {@code /topology}'s; the rest is documented with the admin endpoints.
 */
final class DashboardJson {

    private DashboardJson() {
    }

    static String render(Instant now, List<TopologySnapshot> snapshots, ProxyActivity activity,
                         List<RecentEvents.Event> events, boolean draining) {
        JsonWriter json = new JsonWriter().beginObject()
                .name("at").value(now.toString())
                .name("draining").value(draining)
                .name("clusters").beginArray();
        for (TopologySnapshot snapshot : snapshots) {
            TopologyJson.cluster(json, snapshot);
        }
        json.endArray().name("pools").beginArray();
        for (ProxyActivity.PoolRow pool : activity.pools()) {
            json.beginObject()
                    .name("node").value(pool.node())
                    .name("database").value(pool.database())
                    .name("user").value(pool.user())
                    .name("mode").value(pool.mode())
                    .name("active").value(pool.active())
                    .name("idle").value(pool.idle())
                    .name("waiting").value(pool.waiting())
                    .name("connecting").value(pool.connecting())
                    .endObject();
        }
        json.endArray()
                .name("clients").beginObject()
                .name("active").value(activity.clients().active())
                .name("waiting").value(activity.clients().waiting())
                .endObject()
                .name("pinned").value(activity.pinned())
                .name("handoffs").beginArray();
        for (ProxyActivity.Handoffs handoffs : activity.handoffs()) {
            json.beginObject()
                    .name("direction").value(handoffs.direction())
                    .name("count").value(handoffs.count())
                    .name("clients").value(handoffs.clients())
                    .name("servers").value(handoffs.servers())
                    .name("drained").value(handoffs.drained())
                    .endObject();
        }
        json.endArray().name("events").beginArray();
        for (RecentEvents.Event event : events) {
            json.beginObject()
                    .name("at").value(event.at().toString())
                    .name("kind").value(event.kind())
                    .name("cluster").value(event.cluster())
                    .name("text").value(event.text())
                    .endObject();
        }
        return json.endArray().endObject().toString();
    }
}
