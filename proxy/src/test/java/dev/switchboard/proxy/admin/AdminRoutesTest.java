// AdminRoutesTest: every route, status and content type of the admin endpoint, without sockets.
package dev.switchboard.proxy.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.topology.TopologySnapshot;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class AdminRoutesTest {
    private final List<TopologySnapshot> clusters = new ArrayList<>(List.of(Snapshots.healthy()));
    private boolean draining;
    private final AdminRoutes routes = new AdminRoutes(new AdminView() {
        @Override
        public boolean draining() {
            return draining;
        }

        @Override
        public List<TopologySnapshot> topologies() {
            return List.copyOf(clusters);
        }

        @Override
        public String scrape() {
            return "# HELP up\nup 1.0\n";
        }
    });

    private AdminRoutes.Response get(String target) {
        return routes.respond("GET", URI.create("http://localhost" + target));
    }

    @Test
    void metricsAreTheScrapeInPrometheusTextFormat() {
        AdminRoutes.Response response = get("/metrics");
        assertEquals(new AdminRoutes.Response(200, "text/plain; version=0.0.4; charset=utf-8", "# HELP up\nup 1.0\n"),
                response);
    }

    @Test
    void topologyIsJsonByDefaultOrOnRequest() {
        String json = TopologyJson.render(clusters) + "\n";
        assertEquals(new AdminRoutes.Response(200, "application/json; charset=utf-8", json), get("/topology"));
        assertEquals(new AdminRoutes.Response(200, "application/json; charset=utf-8", json),
                get("/topology?format=json"));
    }

    @Test
    void topologyAsTextByParameterOrSuffix() {
        AdminRoutes.Response text = new AdminRoutes.Response(200, "text/plain; charset=utf-8",
                TopologyTable.render(clusters));
        assertEquals(text, get("/topology?format=text"));
        assertEquals(text, get("/topology?x=1&format=text"));
        assertEquals(text, get("/topology.txt"));
    }

    @Test
    void unknownFormatIsABadRequest() {
        AdminRoutes.Response response = get("/topology?format=xml");
        assertEquals(400, response.status());
        assertTrue(response.body().contains("\"xml\""), response.body());
    }

    @Test
    void readyOnlyWhileEveryClusterHasAWriteTarget() {
        assertEquals(new AdminRoutes.Response(200, "text/plain; charset=utf-8", "ok\n"), get("/health/ready"));
        clusters.add(Snapshots.splitBrain());
        assertEquals(new AdminRoutes.Response(503, "text/plain; charset=utf-8",
                "cluster reports: no write target: split brain: 10.1.0.1:5432 and 10.1.0.2:5432 are both writable"
                        + " on timeline 3; writes are refused\n"), get("/health/ready"));
        assertEquals(200, get("/health/live").status(), "liveness does not depend on the topology");
    }

    @Test
    void notReadyWhileDraining() {
        draining = true;
        assertEquals(new AdminRoutes.Response(503, "text/plain; charset=utf-8",
                "draining: clients are asked to reconnect to another instance or the successor\n"), get("/health/ready"));
        clusters.add(Snapshots.splitBrain());
        assertTrue(get("/health/ready").body().startsWith("draining: "), "the drain first, then the clusters");
        assertEquals(200, get("/health/live").status(), "a draining proxy is alive");
    }

    @Test
    void unknownPathsAre404AndOtherMethods405() {
        AdminRoutes.Response missing = get("/topology/");
        assertEquals(404, missing.status());
        assertTrue(missing.body().contains("/metrics"), "a 404 lists the endpoints: " + missing.body());
        assertEquals(404, get("/index.html").status(), "the dashboard is at / only");
        assertEquals(405, routes.respond("POST", URI.create("http://localhost/")).status());
        assertEquals(404, routes.respond("POST", URI.create("http://localhost/nothing")).status());
        for (String method : List.of("POST", "PUT", "DELETE", "HEAD")) {
            assertEquals(405, routes.respond(method, URI.create("http://localhost/metrics")).status(), method);
        }
    }

    @Test
    void queryParameters() {
        assertEquals("text", AdminRoutes.parameter("format=text", "format"));
        assertEquals("json", AdminRoutes.parameter("a=b&format=json&format=text", "format"));
        assertEquals("", AdminRoutes.parameter("format", "format"));
        assertNull(AdminRoutes.parameter("formats=text", "format"));
        assertNull(AdminRoutes.parameter(null, "format"));
    }
}
