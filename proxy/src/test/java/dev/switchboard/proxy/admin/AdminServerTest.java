// AdminServerTest: the admin HTTP listener on port 0, called over real HTTP with the JDK client.
package dev.switchboard.proxy.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.config.HttpConfig;
import dev.switchboard.topology.ClusterTopology;
import dev.switchboard.topology.Lsn;
import dev.switchboard.topology.NodeObservation;
import dev.switchboard.topology.TopologyMetrics;
import dev.switchboard.topology.authority.Json;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AdminServerTest {
    private static final String PRIMARY = "127.0.0.1:15432";
    private static final String STANDBY = "127.0.0.1:15433";
    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
    private static final long SYSTEM_ID = 7_300_000_000_000_000_123L;

    private final ClusterTopology topology =
            new ClusterTopology("main", List.of(PRIMARY, STANDBY), false, Clock.fixed(NOW, ZoneOffset.UTC));
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(30)).build();
    private AdminServer server;

    @BeforeEach
    void start() throws IOException {
        TopologyMetrics.bind(topology, registry);
        server = AdminServer.start(new HttpConfig("127.0.0.1", 0),
                AdminView.of(() -> List.of(topology.current()), registry));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private void healthy() {
        long lsn = Lsn.parse("0/3000060");
        topology.observe(NodeObservation.primary(PRIMARY, lsn, 2, SYSTEM_ID, NOW));
        topology.observe(NodeObservation.standby(STANDBY, lsn - 96, lsn, 2, 1.5, SYSTEM_ID, NOW));
    }

    private HttpResponse<String> call(String method, String target) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + target))
                .timeout(Duration.ofSeconds(30))
                .method(method, HttpRequest.BodyPublishers.noBody()).build();
        return client.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String target) throws IOException, InterruptedException {
        return call("GET", target);
    }

    private static String contentType(HttpResponse<?> response) {
        return response.headers().firstValue("Content-Type").orElse("(none)");
    }

    @Test
    void portZeroBindsAFreePort() {
        assertNotEquals(0, server.port());
    }

    @Test
    void metricsArePrometheusTextWithTheTopologyGauges() throws Exception {
        healthy();
        registry.counter("switchboard.test.requests", "kind", "admin").increment(3);

        HttpResponse<String> response = get("/metrics");

        assertEquals(200, response.statusCode());
        assertEquals("text/plain; version=0.0.4; charset=utf-8", contentType(response));
        String body = response.body();
        assertTrue(body.contains("switchboard_test_requests_total{kind=\"admin\"} 3.0\n"), body);
        assertTrue(body.contains("switchboard_node_up{cluster=\"main\",node=\"" + PRIMARY + "\"} 1.0\n"), body);
        assertTrue(body.contains("switchboard_node_primary{cluster=\"main\",node=\"" + PRIMARY + "\"} 1.0\n"), body);
        assertTrue(body.contains("switchboard_node_standby{cluster=\"main\",node=\"" + STANDBY + "\"} 1.0\n"), body);
        assertTrue(body.contains("switchboard_node_lag_bytes{cluster=\"main\",node=\"" + STANDBY + "\"} 96.0\n"), body);
        assertTrue(body.contains("switchboard_node_lag_seconds{cluster=\"main\",node=\"" + STANDBY + "\"} 1.5\n"), body);
        assertTrue(body.contains("switchboard_cluster_write_target_available{cluster=\"main\"} 1.0\n"), body);
        assertTrue(body.contains("switchboard_cluster_highest_timeline{cluster=\"main\"} 2.0\n"), body);
        assertTrue(body.contains("switchboard_topology_role_changes_total{cluster=\"main\"} "
                + (double) topology.roleChanges() + "\n"), body);
    }

    @Test
    void topologyAsJson() throws Exception {
        healthy();
        HttpResponse<String> response = get("/topology");
        assertEquals(200, response.statusCode());
        assertEquals("application/json; charset=utf-8", contentType(response));
        assertEquals(TopologyJson.render(List.of(topology.current())) + "\n", response.body());
        assertTrue(response.body().contains("\"write_target\":\"" + PRIMARY + "\""), response.body());
        assertTrue(response.body().contains("\"lsn\":\"0/3000060\""), response.body());
    }

    @Test
    void topologyAsText() throws Exception {
        healthy();
        String table = TopologyTable.render(List.of(topology.current()));
        assertTrue(table.startsWith("cluster main: write target " + PRIMARY + " (timeline 2)\n"), table);
        for (String target : List.of("/topology?format=text", "/topology.txt")) {
            HttpResponse<String> response = get(target);
            assertEquals(200, response.statusCode(), target);
            assertEquals("text/plain; charset=utf-8", contentType(response), target);
            assertEquals(table, response.body(), target);
        }
    }

    @Test
    void dashboardPageAndItsFilesComeFromTheJarWithNothingFromOutside() throws Exception {
        Map<String, String> types = Map.of("/", "text/html; charset=utf-8",
                "/dashboard.css", "text/css; charset=utf-8", "/dashboard.js", "text/javascript; charset=utf-8");
        for (Map.Entry<String, String> file : types.entrySet()) {
            HttpResponse<String> response = get(file.getKey());
            assertEquals(200, response.statusCode(), file.getKey());
            assertEquals(file.getValue(), contentType(response), file.getKey());
            String body = response.body();
            for (String outside : List.of("src=\"http", "href=\"http", "src=\"//", "href=\"//", "@import", "url(")) {
                assertFalse(body.contains(outside), file.getKey() + " loads something from outside: " + outside);
            }
        }
        String page = get("/").body();
        assertTrue(page.contains("src=\"dashboard.js\"") && page.contains("href=\"dashboard.css\""), page);
        assertTrue(page.contains("name=\"viewport\""), "no viewport for phones: " + page);
    }

    @Test
    void dashboardJsonHoldsTheTopologyAsTopologyDoes() throws Exception {
        healthy();
        HttpResponse<String> response = get("/dashboard.json");
        assertEquals(200, response.statusCode());
        assertEquals("application/json; charset=utf-8", contentType(response));
        @SuppressWarnings("unchecked")
        Map<String, Object> dashboard = (Map<String, Object>) Json.parse(response.body());
        @SuppressWarnings("unchecked")
        Map<String, Object> topologyDocument = (Map<String, Object>) Json.parse(get("/topology").body());
        assertEquals(topologyDocument.get("clusters"), dashboard.get("clusters"));
        assertEquals(List.of(), dashboard.get("pools"), "a view without a proxy has no pools");
        assertEquals(Map.of("active", 0L, "waiting", 0L), dashboard.get("clients"));
        assertEquals(Boolean.FALSE, dashboard.get("draining"));
    }

    @Test
    void readinessFollowsTheWriteTarget() throws Exception {
        HttpResponse<String> before = get("/health/ready");
        assertEquals(503, before.statusCode());
        assertEquals("text/plain; charset=utf-8", contentType(before));
        assertEquals("cluster main: no write target: not every node has been read yet\n", before.body());

        healthy();
        HttpResponse<String> after = get("/health/ready");
        assertEquals(200, after.statusCode());
        assertEquals("ok\n", after.body());
    }

    @Test
    void livenessIsAlwaysOk() throws Exception {
        HttpResponse<String> response = get("/health/live");
        assertEquals(200, response.statusCode());
        assertEquals("text/plain; charset=utf-8", contentType(response));
        assertEquals("ok\n", response.body());
    }

    @Test
    void unknownPathIs404() throws Exception {
        HttpResponse<String> response = get("/admin");
        assertEquals(404, response.statusCode());
        assertTrue(response.body().startsWith("no such endpoint: /admin\n"), response.body());
    }

    @Test
    void otherMethodsAre405WithAllowHeader() throws Exception {
        for (String method : List.of("POST", "PUT", "DELETE")) {
            HttpResponse<String> response = call(method, "/metrics");
            assertEquals(405, response.statusCode(), method);
            assertEquals("GET", response.headers().firstValue("Allow").orElse("(none)"), method);
        }
    }

    @Test
    void aFailingViewAnswers500AndTheServerKeepsServing() throws Exception {
        try (AdminServer broken = AdminServer.start(new HttpConfig("127.0.0.1", 0), new AdminView() {
            @Override
            public List<dev.switchboard.topology.TopologySnapshot> topologies() {
                throw new IllegalStateException("topology not wired");
            }

            @Override
            public String scrape() {
                return "";
            }
        })) {
            URI uri = URI.create("http://127.0.0.1:" + broken.port() + "/topology");
            HttpResponse<String> response = client.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(500, response.statusCode());
            assertTrue(response.body().contains("topology not wired"), response.body());
            URI live = URI.create("http://127.0.0.1:" + broken.port() + "/health/live");
            assertEquals(200, client.send(HttpRequest.newBuilder(live).timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode());
        }
    }

    @Test
    void aTakenPortFailsToStartWithTheAddressInTheMessage() {
        IOException e = assertThrows(IOException.class, () -> AdminServer.start(
                new HttpConfig("127.0.0.1", server.port()), AdminView.of(List::of, registry)));
        assertTrue(e.getMessage().contains("127.0.0.1:" + server.port()), e.getMessage());
    }

    @Test
    void closedServerRefusesConnections() throws Exception {
        int port = server.port();
        server.close();
        HttpClient fresh = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(30)).build();
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health/live"))
                .timeout(Duration.ofSeconds(30)).build();
        assertThrows(IOException.class, () -> fresh.send(request, HttpResponse.BodyHandlers.ofString()));
    }
}
