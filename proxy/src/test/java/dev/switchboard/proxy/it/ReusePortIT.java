// ReusePortIT: two instances share one port (SO_REUSEPORT); draining one sends every new client to the other.
package dev.switchboard.proxy.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.config.ConfigLoader;
import dev.switchboard.config.SwitchboardConfig;
import dev.switchboard.proxy.SwitchboardServer;
import dev.switchboard.proxy.handoff.DrainRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * Instances a and b listen on the same port with {@code listen.reuse_port}; the kernel spreads new connections
 * between them. {@code switchboard drain} on a makes it stop accepting and ask its clients to leave: from then
 * on every new connection reaches b, and a stops once its clients are gone.
 */
class ReusePortIT {

    @AfterAll
    static void noLeaks() {
        JdbcAssertions.awaitNoAppBackends();
        LeakRecorder.assertNoLeaks();
    }

    private static SwitchboardConfig config(int port, Path handoffSocket) throws Exception {
        String yaml = ProxyHarness.config().mode("transaction").poolSize(4).limits("drain_grace: 1s")
                .listen("port: " + port, "reuse_port: true", "handoff_socket: " + handoffSocket).yaml()
                .replace("${PRIMARY}", TestCluster.primaryAddress());
        return ConfigLoader.parse(yaml, "reuse-port.yaml", Map.of());
    }

    private static Connection connect(int port) throws SQLException {
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/app", "app", "app");
    }

    @Test
    void twoInstancesShareAPortAndADrainedOneLeavesItToTheOther() throws Exception {
        Path dir = Files.createTempDirectory("sb-reuse-port");
        int port = Ports.free();
        SwitchboardConfig configA = config(port, dir.resolve("a.sock"));
        SwitchboardServer a = SwitchboardServer.start(configA);
        SwitchboardServer b = SwitchboardServer.start(config(port, dir.resolve("b.sock")));
        List<Connection> clients = new ArrayList<>();
        try {
            for (int i = 0; i < 40; i++) {
                clients.add(connect(port));
            }
            int onA = a.context().drain().clients();
            int onB = b.context().drain().clients();
            System.out.printf("40 connections to port %d: %d on instance a, %d on instance b%n", port, onA, onB);
            assertEquals(40, onA + onB, "every connection reached one of the two");
            assertTrue(onA > 0 && onB > 0, "the kernel spread them over both: " + onA + " / " + onB);
            for (Connection c : clients) {
                assertEquals("1", JdbcAssertions.scalar(c, "SELECT 1"));
            }

            DrainRequest.send(configA.listen().handoffSocketPath());
            for (int i = 0; i < 40; i++) {
                try (Connection late = connect(port)) {
                    assertEquals("1", JdbcAssertions.scalar(late, "SELECT 1"), "a new client after the drain");
                }
            }
            for (Connection c : clients) {
                c.close(); // as clients told disconnect_requested do; they would connect again, to b
            }
            a.stopped().get(60, TimeUnit.SECONDS);
            Await.until("b's clients gone", Duration.ofSeconds(30), () -> b.context().drain().clients() == 0);
        } finally {
            for (Connection c : clients) {
                c.close();
            }
            a.close();
            b.close();
            try (var files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
