// ResendAfterShutdownIT: a request its server answers with a shutdown's FATAL, before anything else, runs again elsewhere.
package dev.switchboard.proxy.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.micrometer.core.instrument.Counter;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The race a switchover opens: a client between transactions leases an idle server whose backend is being
 * terminated. PostgreSQL answers the request with FATAL 57P01 without running it, and the proxy sends it to
 * another server, so the client sees its result and no error. To make the race certain, the backend is
 * stopped (SIGSTOP) while it is told to terminate, the client's query is left in its socket, and only then
 * does the backend go on (SIGCONT): it reads nothing before it dies.
 */
class ResendAfterShutdownIT {
    private static final Duration DEADLINE = Duration.ofSeconds(20);

    @Test
    void aQueryAnsweredWithAdminShutdownRunsOnAnotherServer() throws Exception {
        try (ProxyHarness proxy = ProxyHarness.start("""
                listen: { address: 127.0.0.1, port: 0 }
                pool: { mode: transaction, size: 1, wait_timeout: 10s }
                clusters:
                  main: { nodes: [ "${PRIMARY}" ] }
                databases:
                  app: { cluster: main, dbname: app }
                users:
                  - { name: app, password: app, auth: scram-sha-256 }
                """);
             Connection c = proxy.connect("app", "app");
             Statement st = c.createStatement()) {
            int pid;
            int proxySidePort;
            try (ResultSet rs = st.executeQuery("SELECT pg_backend_pid(), inet_client_port()")) {
                rs.next();
                pid = rs.getInt(1);
                proxySidePort = rs.getInt(2);
            }
            int serverPort = TestCluster.get().primary().port();
            signal("STOP", pid);
            CompletableFuture<String> answer;
            try {
                assertEquals("t", TestCluster.get().primary().queryValue("SELECT pg_terminate_backend(" + pid + ")"));
                answer = CompletableFuture.supplyAsync(() -> {
                    try {
                        return JdbcAssertions.scalar(c, "SELECT 42");
                    } catch (java.sql.SQLException e) {
                        throw new java.util.concurrent.CompletionException(e);
                    }
                });
                // The query sits unread in the stopped backend's socket: the proxy sent it to this server.
                Await.until("the query in the stopped backend's socket", DEADLINE,
                        () -> RawClient.receiveQueue(serverPort, proxySidePort) > 0);
            } finally {
                signal("CONT", pid);
            }
            assertEquals("42", answer.get(DEADLINE.toSeconds(), TimeUnit.SECONDS), "the client sees its answer, no error");
            Counter resent = proxy.server().context().meters().find("switchboard.requests.resent").counter();
            assertEquals(1.0, resent == null ? 0 : resent.count(), "requests sent again after a shutdown's FATAL");
            try (ResultSet rs = st.executeQuery("SELECT pg_backend_pid()")) {
                rs.next();
                assertNotEquals(pid, rs.getInt(1), "a new server after the terminated one");
            }
        }
        LeakRecorder.assertNoLeaks();
    }

    /** SIGSTOP or SIGCONT to a PostgreSQL backend (it runs as another user; the tests run as root or as its owner). */
    private static void signal(String signal, int pid) {
        ExternalProgram.Result r = ExternalProgram.require("kill").run(Duration.ofSeconds(10), "-" + signal,
                Integer.toString(pid));
        assertEquals(0, r.exitCode(), r.toString());
    }
}
