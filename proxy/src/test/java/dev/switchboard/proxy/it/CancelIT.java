// CancelIT: query cancellation through the proxy with pgJDBC — Statement.cancel, query timeouts, keys of other sessions.
package dev.switchboard.proxy.it;

import static dev.switchboard.proxy.it.JdbcAssertions.assertSqlState;
import static dev.switchboard.proxy.it.JdbcAssertions.awaitRunning;
import static dev.switchboard.proxy.it.JdbcAssertions.cancelSleepAndCheck;
import static dev.switchboard.proxy.it.JdbcAssertions.scalar;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.DataOutputStream;
import java.io.InputStream;
import java.net.Socket;
import java.sql.Connection;
import java.sql.Statement;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;

class CancelIT {
    private static ProxyHarness proxy;

    @BeforeAll
    static void start() {
        proxy = ProxyHarness.startDefault();
    }

    @AfterAll
    static void stop() {
        if (proxy != null) {
            proxy.close();
        }
        JdbcAssertions.awaitNoAppBackends();
        LeakRecorder.assertNoLeaks();
    }

    @Test
    void cancelStopsARunningQueryAndTheSessionContinues() throws Exception {
        try (Connection c = proxy.connect("app", "app")) {
            cancelSleepAndCheck(c, "SELECT pg_sleep(30)");
            cancelSleepAndCheck(c, "SELECT pg_sleep(31)"); // a second cancel on the same session works too
        }
    }

    @Test
    void queryTimeoutCancels() throws Exception {
        try (Connection c = proxy.connect("app", "app"); Statement st = c.createStatement()) {
            st.setQueryTimeout(1);
            assertSqlState("57014", () -> st.execute("SELECT pg_sleep(10)"));
            st.setQueryTimeout(0);
            assertEquals("1", scalar(c, "SELECT 1"));
        }
    }

    @RepeatedTest(3) // the bug this guards against (cancel delivered late) showed in most runs
    void cancellingAnIdleSessionDoesNotHitItsNextQuery() throws Exception {
        try (Connection c = proxy.connect("app", "app"); Statement st = c.createStatement()) {
            // Statement.cancel() sends nothing when its statement is idle; PGConnection.cancelQuery() always does.
            c.unwrap(PGConnection.class).cancelQuery();
            // pgJDBC returns from cancelQuery() once the server closed the cancel connection; by then PostgreSQL
            // has delivered the cancel, so a query sent afterwards must not be the one cancelled.
            st.execute("SELECT pg_sleep(0.5)");
            assertEquals("1", scalar(c, "SELECT 1"));
        }
    }

    @Test
    void anotherSessionsKeyCancelsOnlyThatSession() throws Exception {
        try (Connection lockHolder = proxy.connect("app", "app");
             Connection waiter = proxy.connect("app", "app");
             Connection other = proxy.connect("app", "app")) {
            scalar(lockHolder, "SELECT pg_advisory_lock(4711)");
            String waiterSql = "SELECT 'waiter' FROM pg_advisory_lock(4711)";
            Future<String> waiting = JdbcAssertions.inBackground(() -> scalar(waiter, waiterSql));
            awaitRunning(waiterSql);

            // A real client's cancel with its own key: only its own query ends.
            cancelSleepAndCheck(other, "SELECT pg_sleep(30)");

            // A forged key for the waiter's process id (no client sends this; hence a raw packet).
            int waiterPid = waiter.unwrap(PGConnection.class).getBackendPID();
            try (Socket s = new Socket("127.0.0.1", proxy.port())) {
                DataOutputStream out = new DataOutputStream(s.getOutputStream());
                out.writeInt(16);
                out.writeInt(80877102);
                out.writeInt(waiterPid);
                out.writeInt(0);
                out.flush();
                InputStream in = s.getInputStream();
                assertEquals(-1, in.read(), "the proxy answers a cancel request by closing, without a reply");
            }

            assertFalse(waiting.isDone(), "the waiter's query ended although only other keys were used");
            awaitRunning(waiterSql);
            scalar(lockHolder, "SELECT pg_advisory_unlock(4711)");
            assertEquals("waiter", waiting.get(JdbcAssertions.RETURN_SECONDS, TimeUnit.SECONDS));
            scalar(waiter, "SELECT pg_advisory_unlock(4711)");
        }
    }
}
