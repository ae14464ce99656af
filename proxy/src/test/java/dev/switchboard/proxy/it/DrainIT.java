// DrainIT: a graceful stop tells pgJDBC and raw clients to reconnect, then closes them with FATAL 57P01.
package dev.switchboard.proxy.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
 * its next query. Then the graceful stop, with {@code limits.drain_grace: 1s}, closes both with FATAL 57P01.
 */
class DrainIT {

    @AfterAll
    static void noLeaks() {
        JdbcAssertions.awaitNoAppBackends();
        LeakRecorder.assertNoLeaks();
    }

    @Test
    void clientsAreToldAndThenClosed() throws Exception {
        ProxyHarness proxy = ProxyHarness.config().mode("transaction").poolSize(2).limits("drain_grace: 1s")
                .user("raw", "auth: trust", "backend_user: app").start();
        Thread stop = new Thread(proxy.server()::shutdownGracefully, "graceful-stop");
        try (Connection jdbc = proxy.connect("app", "app"); RawClient raw = RawClient.connect(proxy.port())) {
            raw.login("raw", "app");
            proxy.server().context().drain().start(Duration.ofDays(1));

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
