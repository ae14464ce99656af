// PatroniSwitchoverIT: POST /switchover with Patroni as the authority under pgbench -c 50 — Patroni switches, no client sees an error.
package dev.switchboard.proxy.it.patroni;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.config.ConfigLoader;
import dev.switchboard.proxy.SwitchboardServer;
import dev.switchboard.proxy.it.ExternalProgram;
import dev.switchboard.proxy.it.LeakRecorder;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * A real Patroni cluster (n1 leads, n2 streams) behind the proxy with {@code authority.patroni}. pgbench (TPC-B,
 * transaction mode, 50 clients over 20 servers) runs through the proxy; three seconds in, the test asks the proxy
 * for a switchover to n2 with {@code POST /switchover} on its HTTP listener. The proxy holds new transactions, lets
 * those in flight finish, asks Patroni to switch over and lets the held transactions run on n2 once it leads.
 * No pgbench transaction fails and no client aborts; the write pause the proxy reports is printed.
 */
class PatroniSwitchoverIT {
    private static final Duration HOLD_TIMEOUT = Duration.ofSeconds(60);
    private static final Pattern FAILED = Pattern.compile("(?m)^number of failed transactions: (\\d+)");
    private static final Pattern PROCESSED = Pattern.compile("(?m)^number of transactions actually processed: (\\d+)");
    private static final Pattern CLIENT = Pattern.compile("client (\\d+) ");

    @Test
    void pgbenchSeesNoErrorThroughASwitchoverAskedOverHttp() throws Exception {
        try (PatroniCluster cluster = new PatroniCluster()) {
            cluster.start();
            PatroniMember oldLeader = cluster.leader();
            PatroniMember candidate = cluster.members().stream().filter(m -> !m.isLeader()).findFirst().orElseThrow();
            ExternalProgram pgbench = ExternalProgram.require("pgbench");
            ExternalProgram.Result init = pgbench.run(List.of("-i", "-s", "1", "-q", "postgresql://"
                    + PatroniCluster.APP_USER + ":" + PatroniCluster.APP_PASSWORD + "@" + oldLeader.address() + "/"
                    + PatroniCluster.APP_DATABASE + "?sslmode=disable"), Map.of(), null, Duration.ofSeconds(120));
            assertEquals(0, init.exitCode(), init.toString());

            try (SwitchboardServer proxy = SwitchboardServer.start(ConfigLoader.parse(cluster.proxyYaml(
                    "http: { address: 127.0.0.1, port: 0 }", "{ mode: transaction, size: 20, wait_timeout: 60s }",
                    HOLD_TIMEOUT),
                    "patroni-switchover.yaml", Map.of()))) {
                String uri = "postgresql://" + PatroniCluster.APP_USER + ":" + PatroniCluster.APP_PASSWORD
                        + "@127.0.0.1:" + proxy.port() + "/" + PatroniCluster.APP_DATABASE + "?sslmode=disable";
                ExternalProgram.Running bench = pgbench.start(List.of("-c", "50", "-j", "2", "-T", "15", "-P", "1",
                        uri), Map.of("PGCONNECT_TIMEOUT", "30"), null);
                try {
                    bench.awaitStderr(Pattern.compile("(?m)^progress: 3\\.0 s"), Duration.ofSeconds(60));
                    HttpResponse<String> answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                                    URI.create("http://127.0.0.1:" + proxy.adminPort() + "/switchover"))
                            .timeout(Duration.ofSeconds(120))
                            .POST(HttpRequest.BodyPublishers.ofString("{\"cluster\": \"main\", \"target\": \""
                                    + candidate.address() + "\"}")).build(), HttpResponse.BodyHandlers.ofString());
                    assertEquals(200, answer.statusCode(), answer.body());
                    assertTrue(answer.body().contains("\"new_primary\":\"" + candidate.address() + "\""), answer.body());

                    assertTrue(bench.process().waitFor(120, TimeUnit.SECONDS), "pgbench did not finish\n" + bench);
                    int exit = bench.terminate(Duration.ofSeconds(10));
                    String out = bench.stdout();
                    List<String> errors = errorLines(bench.stderr());
                    Matcher failed = FAILED.matcher(out);
                    Matcher processed = PROCESSED.matcher(out);
                    assertTrue(failed.find() && processed.find(), out + bench.stderr());
                    System.out.println("[patroni switchover] POST /switchover answered " + answer.body().strip()
                            + "; pgbench -c 50: " + processed.group(1) + " transactions, failed " + failed.group(1)
                            + ", aborted clients " + abortedClients(errors) + ", exit " + exit);
                    assertEquals(0, exit, out + bench.stderr());
                    assertEquals("0", failed.group(1), "failed transactions\n" + out);
                    assertEquals(List.of(), errors, "pgbench clients saw errors");
                    assertTrue(answer.body().contains("\"cancelled\":0"), answer.body());
                    assertEquals(candidate.name(), cluster.awaitLeader(candidate.name(),
                            PatroniCluster.ROLE_CHANGE_TIMEOUT).name());
                } finally {
                    bench.kill();
                }
            }
        }
        LeakRecorder.assertNoLeaks();
    }

    /** pgbench's stderr without progress lines, its vacuum notice and its closing remark. */
    private static List<String> errorLines(String stderr) {
        return stderr.lines().filter(l -> !l.isBlank() && !l.startsWith("progress: ")
                && !l.equals("starting vacuum...end.") && !l.contains("Run was aborted")).toList();
    }

    private static int abortedClients(List<String> errors) {
        List<String> clients = new ArrayList<>();
        for (String line : errors) {
            Matcher m = CLIENT.matcher(line);
            if (m.find() && !clients.contains(m.group(1))) {
                clients.add(m.group(1));
            }
        }
        return clients.size();
    }
}
