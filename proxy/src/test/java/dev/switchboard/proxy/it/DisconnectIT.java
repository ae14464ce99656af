// DisconnectIT: clients and servers that go away at awkward moments — nothing leaks, nothing half-done is committed, the pool stays usable.
package dev.switchboard.proxy.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
import org.postgresql.copy.CopyOut;
import org.postgresql.core.BaseConnection;
import org.postgresql.core.TransactionState;

/**
 * The proxy runs with a pool of ONE server connection for a dedicated backend role, so a server that is
 * leaked, or handed back in a transaction or mid-stream, is seen by the very next client. Server-side
 * state is checked on the primary directly (pg_stat_activity, table contents).
 */
class DisconnectIT {
    private static final String ROLE = "sb_disconnect";
    private static final Duration DEADLINE = Duration.ofSeconds(20);

    /** Session pooling with one server, so a client waits while another holds it. */
    private static final String SESSION_PROXY = """
            listen: { address: 127.0.0.1, port: 0 }
            pool: { mode: session, size: 1, wait_timeout: 10s }
            clusters:
              main: { nodes: [ "${PRIMARY}" ] }
            databases:
              app: { cluster: main, dbname: app }
            users:
              - { name: disc, password: disc, auth: scram-sha-256, backend_user: sb_disconnect }
              - { name: rawdisc, auth: trust, backend_user: sb_disconnect }
            """;

    private static ProxyHarness proxy;

    @BeforeAll
    static void start() {
        var primary = TestCluster.get().primary();
        primary.execute("DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '" + ROLE
                + "') THEN CREATE ROLE " + ROLE + " LOGIN; END IF; END $$");
        primary.query("app", "DROP TABLE IF EXISTS disconnect_rows; CREATE TABLE disconnect_rows (v text);"
                + " GRANT ALL ON disconnect_rows TO " + ROLE);
        proxy = ProxyHarness.start(SESSION_PROXY);
    }

    @AfterAll
    static void stop() {
        if (proxy != null) {
            proxy.close();
        }
        LeakRecorder.assertNoLeaks();
    }

    @BeforeEach
    void emptyTable() {
        TestCluster.get().primary().query("app", "TRUNCATE disconnect_rows");
    }

    /** After every case: at most the pool's one server on the primary, and the next client gets a clean one. */
    @AfterEach
    void poolStillServesCleanly() throws SQLException {
        awaitBackendsAtMost(1);
        try (Connection c = connect()) {
            assertEquals("1", JdbcAssertions.scalar(c, "SELECT 1"));
            assertIdle(c);
        }
        awaitBackendsAtMost(1);
    }

    @Test
    void clientGoneMidCopyCommitsNothing() throws Exception {
        Connection c = connect();
        CopyIn copy = c.unwrap(PGConnection.class).getCopyAPI().copyIn("COPY disconnect_rows (v) FROM STDIN");
        byte[] row = "a row that must never be committed\n".getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < 10_000; i++) {
            copy.writeToCopy(row, 0, row.length);
        }
        copy.flushCopy();
        Await.until("the COPY running on the primary", DEADLINE,
                () -> count("state = 'active' AND query LIKE 'COPY disconnect_rows%'") == 1);
        c.abort(Runnable::run);
        Await.until("the COPY gone from the primary", DEADLINE,
                () -> count("state = 'active' AND query LIKE 'COPY disconnect_rows%'") == 0);
        assertEquals("0", TestCluster.get().primary().query("app", "SELECT count(*) FROM disconnect_rows").get(0).get(0));
    }

    @Test
    void clientGoneMidTransactionIsRolledBack() throws Exception {
        Connection c = connect();
        c.setAutoCommit(false);
        try (Statement st = c.createStatement()) {
            st.executeUpdate("INSERT INTO disconnect_rows VALUES ('uncommitted')");
        }
        c.abort(Runnable::run);
        awaitBackendsAtMost(1);
        try (Connection next = connect()) {
            assertEquals("0", JdbcAssertions.scalar(next, "SELECT count(*) FROM disconnect_rows"));
            assertIdle(next);
            // Two autocommit statements in two transactions: the server is not inside an old one.
            String first = JdbcAssertions.scalar(next, "SELECT txid_current()");
            assertNotEquals(first, JdbcAssertions.scalar(next, "SELECT txid_current()"));
        }
        assertEquals("0", TestCluster.get().primary().query("app", "SELECT count(*) FROM disconnect_rows").get(0).get(0));
    }

    @Test
    void clientGoneMidCursorResultDoesNotLeakTheServer() throws Exception {
        Connection c = connect();
        c.setAutoCommit(false);
        Statement st = c.createStatement();
        st.setFetchSize(100);
        ResultSet rs = st.executeQuery("SELECT generate_series(1, 5000000)");
        for (int i = 1; i <= 250; i++) {
            assertTrue(rs.next());
            assertEquals(i, rs.getInt(1));
        }
        c.abort(Runnable::run);
    }

    @Test
    void clientGoneWhileTheServerIsStillStreamingDoesNotLeakTheServer() throws Exception {
        // Unlike a cursor, COPY TO STDOUT keeps the server writing: it is blocked on a full socket when we leave.
        Connection c = connect();
        CopyOut copy = c.unwrap(PGConnection.class).getCopyAPI()
                .copyOut("COPY (SELECT g, repeat('x', 100) FROM generate_series(1, 5000000) g) TO STDOUT");
        for (int i = 0; i < 100; i++) {
            assertTrue(copy.readFromCopy().length > 100);
        }
        Await.until("the COPY streaming on the primary", DEADLINE,
                () -> count("state = 'active' AND query LIKE 'COPY (SELECT g%'") == 1);
        c.abort(Runnable::run);
        Await.until("the COPY gone from the primary", DEADLINE,
                () -> count("state = 'active' AND query LIKE 'COPY (SELECT g%'") == 0);
    }

    @Test
    void serverTerminatedWhileClientIdleMovesAStatelessSession() throws Exception {
        try (Connection c = connect()) {
            int pid = Integer.parseInt(JdbcAssertions.scalar(c, "SELECT pg_backend_pid()"));
            assertEquals("t", TestCluster.get().primary().queryValue("SELECT pg_terminate_backend(" + pid + ")"));
            Await.until("backend " + pid + " gone", DEADLINE,
                    () -> count("pid = " + pid) == 0);
            // Nothing lived on that server but the startup settings: the session goes on on another one.
            int next = Integer.parseInt(JdbcAssertions.scalar(c, "SELECT pg_backend_pid()"));
            assertTrue(next != pid, "a new server, not the terminated " + pid);
        }
    }

    @Test
    void serverTerminatedWhileClientIdleEndsASessionWithServerState() throws Exception {
        try (Connection c = connect()) {
            JdbcAssertions.scalar(c, "SELECT pg_advisory_lock(42)::text");
            int pid = Integer.parseInt(JdbcAssertions.scalar(c, "SELECT pg_backend_pid()"));
            assertEquals("t", TestCluster.get().primary().queryValue("SELECT pg_terminate_backend(" + pid + ")"));
            Await.until("backend " + pid + " gone", DEADLINE,
                    () -> count("pid = " + pid) == 0);
            SQLException e = org.junit.jupiter.api.Assertions.assertThrows(SQLException.class,
                    () -> JdbcAssertions.scalar(c, "SELECT 1"));
            System.out.println("query after pg_terminate_backend: " + e.getSQLState() + " " + e.getMessage());
            assertTrue(e.getSQLState() != null && (e.getSQLState().startsWith("08") || e.getSQLState().equals("57P01")),
                    "expected class 08 or 57P01, got " + e.getSQLState() + ": " + e.getMessage());
        }
        try (Connection c = connect()) {
            assertEquals("1", JdbcAssertions.scalar(c, "SELECT 1"));
        }
    }

    @Test
    void terminateReturnsTheServerToThePool() throws Exception {
        Set<String> pids = new HashSet<>();
        for (int i = 0; i < 50; i++) {
            try (Connection c = connect()) {
                pids.add(JdbcAssertions.scalar(c, "SELECT pg_backend_pid()"));
            }
        }
        assertEquals(1, pids.size(), "one server reused by all 50 clients; got backends " + pids);
        awaitBackendsAtMost(1);
    }

    @Test
    void clientGoneWhileWaitingForTheServerDoesNotTakeIt() throws Exception {
        try (Connection holder = connect()) {
            String pid = JdbcAssertions.scalar(holder, "SELECT pg_backend_pid()");
            // Same pool (same backend role); a trust login lets a raw socket get as far as the wait.
            try (RawClient waiter = RawClient.connect(proxy.port())) {
                waiter.send(RawClient.startupPacket(java.util.Map.of("user", "rawdisc", "database", "app")));
                RawClient.Message ok = waiter.read();
                assertEquals('R', ok.type(), "expected AuthenticationOk, got " + ok);
            } // leaves while queued for the pool's only server
            assertEquals(pid, JdbcAssertions.scalar(holder, "SELECT pg_backend_pid()"));
        }
        // The released server must go to the next real client, not to the one that left.
    }

    /**
     * A proxy that stops closes the servers it lent too: their clients' sessions end with it, and nothing would
     * give the servers back through event loops that have stopped (their backends stayed, idle, until the JVM ended).
     */
    @Test
    void aStoppingProxyClosesTheServersItLent() throws Exception {
        ProxyHarness stopping = ProxyHarness.start(SESSION_PROXY);
        Connection client = stopping.connect("disc", "disc");
        try {
            String pid = JdbcAssertions.scalar(client, "SELECT pg_backend_pid()");
            try (Statement st = client.createStatement()) {
                st.execute("BEGIN");
                st.execute("SELECT 1");
            }
            stopping.close(); // the client is still connected, its server leased and in a transaction
            Await.until("backend " + pid + " ended with the proxy", DEADLINE, () -> count("pid = " + pid) == 0);
        } finally {
            stopping.close();
            client.close();
        }
    }

    // ---- helpers -----------------------------------------------------------------------------------

    private static Connection connect() throws SQLException {
        return proxy.connect("disc", "disc");
    }

    private static void assertIdle(Connection c) throws SQLException {
        assertEquals(TransactionState.IDLE, c.unwrap(BaseConnection.class).getTransactionState(),
                "the server was handed out inside a transaction");
    }

    /** Backends of the proxy's role on the primary matching an extra condition. */
    private static int count(String condition) {
        return Integer.parseInt(TestCluster.get().primary().queryValue(
                "SELECT count(*) FROM pg_stat_activity WHERE usename = '" + ROLE + "' AND " + condition));
    }

    private static void awaitBackendsAtMost(int n) {
        Await.until("at most " + n + " backend(s) of " + ROLE + " on the primary", DEADLINE,
                () -> count("true") <= n);
    }
}
