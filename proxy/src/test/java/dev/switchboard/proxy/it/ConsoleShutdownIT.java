// ConsoleShutdownIT: SHUTDOWN WAIT_FOR_CLIENTS and WAIT_FOR_SERVERS through pgJDBC — no new connection, then the stop once clients or servers are gone.
package dev.switchboard.proxy.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The proxy runs in-process, so the test stands in for {@code switchboard run}: it watches the shutdown request the
 * console completes, which is what the command line stops the process on. SHUTDOWN sends no answer; the console
 * session is left waiting and closed by the test.
 */
class ConsoleShutdownIT {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private ProxyHarness proxy;

    @AfterEach
    void stop() {
        if (proxy != null) {
            proxy.close();
        }
        LeakRecorder.assertNoLeaks();
    }

    @Test
    void waitForClientsStopsAcceptingAndStopsOnceTheLastClientLeaves() throws Exception {
        AtomicBoolean stopped = startWatched("admin_users");
        Connection client = connect("app");
        Connection console = connect("pgbouncer");
        CompletableFuture<Void> shutdown = CompletableFuture.runAsync(() -> run(console, "SHUTDOWN WAIT_FOR_CLIENTS"));
        Await.until("the proxy to stop accepting connections", WAIT, () -> refused("app"));
        assertFalse(stopped.get(), "a client is still connected");
        try (Statement st = client.createStatement()) {
            st.execute("SELECT 1"); // the client already in is served while the proxy waits
        }
        // ... and asked to leave, so that it reconnects to another instance when it can
        assertEquals("on", client.unwrap(org.postgresql.PGConnection.class).getParameterStatus("disconnect_requested"));
        assertTrue(client.isValid(5), "asked, not closed");
        client.close();
        Await.until("the shutdown once the last client has left", WAIT, stopped::get);
        assertFalse(shutdown.isDone(), "SHUTDOWN answers nothing: the process stops");
        console.close();
    }

    @Test
    void waitForServersStopsOnceNoServerIsInUse() throws Exception {
        AtomicBoolean stopped = startWatched("admin_users");
        Connection client = connect("app");
        client.setAutoCommit(false);
        try (Statement st = client.createStatement()) {
            st.execute("SELECT 1"); // holds its server until COMMIT
        }
        Connection console = connect("pgbouncer");
        CompletableFuture.runAsync(() -> run(console, "SHUTDOWN WAIT_FOR_SERVERS"));
        Await.until("the proxy to stop accepting connections", WAIT, () -> refused("app"));
        assertFalse(stopped.get(), "a server is still leased");
        client.commit();
        Await.until("the shutdown once the server is back", WAIT, stopped::get);
        client.close();
        console.close();
    }

    @Test
    void aStatsUserCannotShutDown() throws Exception {
        startWatched("stats_users");
        try (Connection console = connect("pgbouncer"); Statement st = console.createStatement()) {
            SQLException e = assertThrows(SQLException.class, () -> st.execute("SHUTDOWN WAIT_FOR_CLIENTS"));
            assertTrue(e.getMessage().contains("admin access needed"), e.getMessage());
        }
    }

    /**
     * Starts a transaction-mode proxy where {@code app} is in {@code consoleUsers} (admin_users or stats_users) and
     * does what switchboard run does: stop when asked. Here: note it.
     */
    private AtomicBoolean startWatched(String consoleUsers) {
        proxy = ProxyHarness.config().mode("transaction").top(consoleUsers, "[ app ]").start();
        AtomicBoolean stopped = new AtomicBoolean();
        proxy.server().context().shutdownRequested().thenRun(() -> stopped.set(true));
        return stopped;
    }

    private boolean refused(String database) {
        try (Connection c = connect(database)) {
            return false;
        } catch (SQLException e) {
            return true;
        }
    }

    private Connection connect(String database) throws SQLException {
        Properties props = new Properties();
        props.setProperty("preferQueryMode", "simple");
        props.setProperty("connectTimeout", "5");
        return proxy.connect(database, "app", "app", props);
    }

    private static void run(Connection console, String sql) {
        try (Statement st = console.createStatement()) {
            st.execute(sql);
        } catch (SQLException e) {
            // the test closes the console while SHUTDOWN waits for an answer that never comes
        }
    }
}
