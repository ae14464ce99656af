// GrafanaDashboardIT: every metric the Grafana dashboard in deploy/grafana queries is on a running proxy's /metrics.
package dev.switchboard.proxy.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.topology.authority.Json;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The proxy serves a transaction-mode pool and a client that pins itself with an advisory lock, so that the
 * meters that appear with a pool or a pin are there too. Every {@code switchboard_*} name in a panel's query or
 * a variable's query must be in the scrape: a renamed meter fails here, not on someone's empty panel.
 */
class GrafanaDashboardIT {
    private static final Path DASHBOARD = Path.of("..", "deploy", "grafana", "switchboard.json");
    private static final Pattern METRIC = Pattern.compile("\\bswitchboard_[a-z0-9_]+");

    @Test
    void everyMetricTheDashboardQueriesIsOnMetrics() throws Exception {
        List<String> queries = new ArrayList<>();
        collectQueries(Json.parse(Files.readString(DASHBOARD)), queries);
        assertTrue(queries.size() > 20, "the dashboard's queries: " + queries);

        try (ProxyHarness proxy = ProxyHarness.config().mode("transaction")
                .section("http", "address: 127.0.0.1", "port: 0").start();
             Connection connection = proxy.connect("app", "app");
             Statement statement = connection.createStatement()) {
            statement.execute("SELECT pg_advisory_lock(4242)"); // a pin: switchboard_pins_total appears
            Set<String> exposed = metricNames(scrape(proxy.server().adminPort()));
            statement.execute("SELECT pg_advisory_unlock(4242)");

            Set<String> missing = new TreeSet<>();
            for (String query : queries) {
                Matcher names = METRIC.matcher(query);
                boolean any = false;
                while (names.find()) {
                    any = true;
                    if (!exposed.contains(names.group())) {
                        missing.add(names.group());
                    }
                }
                assertTrue(any, "a query of the dashboard uses no Switchboard metric: " + query);
            }
            assertEquals(Set.of(), missing, "queried by the dashboard but not on /metrics; /metrics has " + exposed);
        }
    }

    /** Panel targets' {@code expr} and template variables' {@code definition} and {@code query} strings. */
    @SuppressWarnings("unchecked")
    private static void collectQueries(Object node, List<String> queries) {
        if (node instanceof Map<?, ?> map) {
            for (Map.Entry<String, Object> e : ((Map<String, Object>) map).entrySet()) {
                boolean queryKey = e.getKey().equals("expr") || e.getKey().equals("definition")
                        || e.getKey().equals("query");
                if (queryKey && e.getValue() instanceof String text && text.contains("switchboard_")) {
                    queries.add(text);
                } else {
                    collectQueries(e.getValue(), queries);
                }
            }
        } else if (node instanceof List<?> list) {
            list.forEach(item -> collectQueries(item, queries));
        }
    }

    private static String scrape(int port) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + "/metrics")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode());
        return response.body();
    }

    /** The sample names of a Prometheus text exposition (comments left out). */
    private static Set<String> metricNames(String exposition) {
        Set<String> names = new TreeSet<>();
        for (String line : exposition.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            int end = 0;
            while (end < line.length() && line.charAt(end) != '{' && line.charAt(end) != ' ') {
                end++;
            }
            names.add(line.substring(0, end));
        }
        assertFalse(names.isEmpty(), "an empty scrape");
        return names;
    }
}
