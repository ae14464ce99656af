// DrainIT: a graceful stop tells pgJDBC and raw clients to reconnect, then closes them with FATAL 57P01.
package dev.switchboard.proxy.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;

/**
 * First the drain alone (as a handoff would start it, with a long grace): an idle raw client gets
 * {@code disconnect_requested} at once, and pgJDBC exposes it through {@link PGConnection#getParameterStatus} after
 * its next query. Meanwhile {@code /health/ready} answers 503, so that a load balancer stops sending new clients.
 * Then the graceful stop, with {@code limits.drain_grace: 1s}, closes both with FATAL 57P01.
 */
class DrainIT {

    @AfterAll
    static void noLeaks() {
        JdbcAssertions.awaitNoAppBackends();
        LeakRecorder.assertNoLeaks();
    }

    /** The status and body of {@code GET /health/ready}. */
    private static String ready(ProxyHarness proxy) {
        try {
            HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + proxy.server().adminPort() + "/health/ready")).build(),
                    HttpResponse.BodyHandlers.ofString());
            return r.statusCode() + " " + r.body();
        } catch (IOException e) {
            return "failed: " + e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }

    @Test
    void clientsAreToldAndThenClosed() throws Exception {
        ProxyHarness proxy = ProxyHarness.config().mode("transaction").poolSize(2).limits("drain_grace: 1s")
                .section("http", "address: 127.0.0.1", "port: 0")
                .user("raw", "auth: trust", "backend_user: app").start();
        Await.until(() -> "ready before the drain; last: " + ready(proxy), Duration.ofSeconds(30),
                () -> ready(proxy).startsWith("200 "));
        Thread stop = new Thread(proxy.server()::shutdownGracefully, "graceful-stop");
        try (Connection jdbc = proxy.connect("app", "app"); RawClient raw = RawClient.connect(proxy.port())) {
            raw.login("raw", "app");
            proxy.server().context().drain().start(Duration.ofDays(1));
            String draining = ready(proxy);
            assertTrue(draining.startsWith("503 draining: "), draining);

            RawClient.Message told = raw.read();
            assertEquals('S', told.type(), told.toString());
            assertEquals("disconnect_requested\0on\0", new String(told.body(), StandardCharsets.UTF_8));
            PGConnection pg = jdbc.unwrap(PGConnection.class);
            Await.until("pgJDBC sees disconnect_requested", Duration.ofSeconds(30), () -> {
                try (Statement s = jdbc.createStatement()) {
                    s.execute("SELECT 1");
                }
                return "on".equals(pg.getParameterStatus("disconnect_requested"));
            });

            stop.start();
            RawClient.Ending end = raw.awaitClose(Duration.ofSeconds(30));
            RawClient.Message fatal = end.error();
            assertTrue(fatal != null, "closed without an error: " + end);
            assertEquals("57P01", fatal.sqlState(), end.toString());
            assertEquals("FATAL", fatal.severity(), end.toString());
            assertTrue(fatal.fields().get('H').startsWith("Connect again"), end.toString());
            Await.until("pgJDBC's connection closed by the proxy", Duration.ofSeconds(30), () -> {
                try (Statement s = jdbc.createStatement()) {
                    s.execute("SELECT 1");
                    return false;
                } catch (SQLException e) {
                    return true;
                }
            });
            assertThrows(SQLException.class, () -> jdbc.createStatement().execute("SELECT 1"));
        } finally {
            stop.join(60_000);
            proxy.close();
        }
    }
}
