// TransactionModeIT: many pgJDBC clients on few servers in transaction mode keep their own settings and statements.
package dev.switchboard.proxy.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class TransactionModeIT {
    private static ProxyHarness proxy;

    @BeforeAll
    static void start() {
        TestCluster.get().primary().query("app", "DROP TABLE IF EXISTS txn_items");
        TestCluster.get().primary().query("app", "CREATE TABLE txn_items (id int PRIMARY KEY, owner int, v text)");
        TestCluster.get().primary().query("app", "GRANT ALL ON txn_items TO PUBLIC");
        proxy = ProxyHarness.config().mode("transaction").pool("wait_timeout: 60s").start();
    }

    @AfterAll
    static void stop() {
        if (proxy != null) {
            proxy.close();
        }
        LeakRecorder.assertNoLeaks();
    }

    @Test
    void simpleQueryWorks() throws SQLException {
        try (Connection c = proxy.connect("app", "app"); Statement st = c.createStatement()) {
            assertEquals("42", JdbcAssertions.scalar(c, "SELECT 42"));
        }
    }

    @Test
    void manyClientsOnFewServersKeepTheirSettingsAndPreparedStatements() throws Exception {
        int clients = 500;
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        try {
            List<Future<?>> results = new ArrayList<>();
            for (int i = 0; i < clients; i++) {
                int me = i;
                results.add(pool.submit(() -> {
                    clientWorkload(me);
                    return null;
                }));
            }
            for (Future<?> f : results) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static void clientWorkload(int me) throws SQLException {
        String zone = me % 2 == 0 ? "UTC" : "Asia/Tokyo";
        String schema = "s" + me;
        try (Connection c = proxy.connect("app", "app", new Properties())) {
            try (Statement st = c.createStatement()) {
                st.execute("SET search_path TO " + schema + ", public");
                st.execute("SET TimeZone = '" + zone + "'");
            }
            try (PreparedStatement ps = c.prepareStatement("SELECT current_setting('search_path'), current_setting('TimeZone'), ?::int * 2")) {
                for (int n = 0; n < 30; n++) {
                    ps.setInt(1, n);
                    try (ResultSet rs = ps.executeQuery()) {
                        assertTrue(rs.next());
                        assertEquals(schema + ", public", rs.getString(1), "client " + me + " search_path");
                        assertEquals(zone, rs.getString(2), "client " + me + " TimeZone");
                        assertEquals(n * 2, rs.getInt(3));
                    }
                }
            }
            c.setAutoCommit(false);
            try (PreparedStatement ins = c.prepareStatement("INSERT INTO txn_items VALUES (?, ?, ?)")) {
                for (int n = 0; n < 10; n++) {
                    ins.setInt(1, me * 1000 + n);
                    ins.setInt(2, me);
                    ins.setString(3, "v" + n);
                    ins.executeUpdate();
                }
            }
            try (PreparedStatement count = c.prepareStatement("SELECT count(*) FROM txn_items WHERE owner = ?")) {
                count.setInt(1, me);
                try (ResultSet rs = count.executeQuery()) {
                    assertTrue(rs.next());
                    assertEquals(10, rs.getInt(1), "own uncommitted rows visible in the transaction");
                }
            }
            c.rollback();
            c.setAutoCommit(true);
            assertEquals("0", JdbcAssertions.scalar(c, "SELECT count(*) FROM txn_items WHERE owner = " + me));
        }
    }

    /** Each pinning cause: the pin is taken (same server pid across transactions, counted) and released. */
    @Test
    void aTemporaryTablePinsTheClientUntilItIsDropped() throws Exception {
        assertPinnedThenReleased("temporary_table",
                "CREATE TEMP TABLE pinned_tmp (x int)", "SELECT count(*) FROM pinned_tmp", "DROP TABLE pinned_tmp");
    }

    @Test
    void aSessionAdvisoryLockPinsUntilUnlocked() throws Exception {
        assertPinnedThenReleased("advisory_lock",
                "SELECT pg_advisory_lock(4242)", "SELECT 1", "SELECT pg_advisory_unlock(4242)");
    }

    @Test
    void aWithHoldCursorPinsUntilClosed() throws Exception {
        assertPinnedThenReleased("hold_cursor",
                "DECLARE held CURSOR WITH HOLD FOR SELECT generate_series(1, 3)", "FETCH 1 FROM held", "CLOSE held");
    }

    @Test
    void anSqlPreparePinsUntilDeallocated() throws Exception {
        assertPinnedThenReleased("sql_prepare",
                "PREPARE sqlprep AS SELECT 1", "EXECUTE sqlprep", "DEALLOCATE sqlprep");
    }

    @Test
    void setRolePinsUntilReset() throws Exception {
        assertPinnedThenReleased("session_authorization", "SET ROLE app", "SELECT current_user", "RESET ROLE");
    }

    private static void assertPinnedThenReleased(String reason, String pin, String use, String unpin) throws Exception {
        double before = pinCount(reason);
        // With other clients keeping servers busy, an unpinned client would move between servers.
        try (Connection c = proxy.connect("app", "app"); Statement st = c.createStatement();
             Connection other = proxy.connect("app", "app")) {
            st.execute(pin);
            String pid = JdbcAssertions.scalar(c, "SELECT pg_backend_pid()");
            for (int i = 0; i < 5; i++) {
                JdbcAssertions.scalar(other, "SELECT pg_backend_pid()");
                st.execute(use);
                assertEquals(pid, JdbcAssertions.scalar(c, "SELECT pg_backend_pid()"), "pinned to its server");
            }
            assertEquals(before + 1, pinCount(reason), "pin counted once");
            assertEquals(1, proxy.activeLeases(), "between transactions the pinned client still holds its server");
            st.execute(unpin);
            // Released: with the client still connected, its server is back in the pool (nothing leased).
            Await.until("the pin released", Duration.ofSeconds(10), () -> proxy.activeLeases() == 0);
        }
    }

    private static double pinCount(String reason) {
        var counter = proxy.server().context().meters().find("switchboard.pins").tag("reason", reason).counter();
        return counter == null ? 0 : counter.count();
    }

    @Test
    void statementModeRefusesTransactionBlocksButServesStatements() throws Exception {
        try (ProxyHarness statementProxy = ProxyHarness.config().mode("statement").poolSize(2).start();
             Connection c = statementProxy.connect("app", "app")) {
            assertEquals("7", JdbcAssertions.scalar(c, "SELECT 7"));
            SQLException refused = JdbcAssertions.assertSqlState("0A000", () -> {
                try (Statement st = c.createStatement()) {
                    st.execute("BEGIN");
                }
            });
            assertTrue(refused.getMessage().contains("statement pooling mode"), refused.getMessage());
            assertEquals("8", JdbcAssertions.scalar(c, "SELECT 8"), "the session goes on");
        }
    }

    @Test
    void aClientLeavingMidTransactionIsRolledBackAndItsServerReused() throws Exception {
        try (Connection c = proxy.connect("app", "app")) {
            c.setAutoCommit(false);
            try (Statement st = c.createStatement()) {
                st.execute("INSERT INTO txn_items VALUES (999001, -1, 'abandoned')");
            }
            c.abort(Runnable::run);
        }
        Await.until("the abandoned insert rolled back and the server idle again", Duration.ofSeconds(10),
                () -> proxy.idleServers() > 0 && "0".equals(TestCluster.get().primary()
                        .query("app", "SELECT count(*) FROM txn_items WHERE id = 999001").get(0).get(0)));
        try (Connection c = proxy.connect("app", "app")) {
            assertEquals("I", JdbcAssertions.scalar(c, "SELECT 'I'"));
            assertEquals("0", JdbcAssertions.scalar(c, "SELECT count(*) FROM txn_items WHERE id = 999001"));
        }
    }

    @Test
    void aServerDyingUnderAnOpenTransactionGivesThatClientA08ErrorAndNobodyElseAnything() throws Exception {
        try (Connection inTransaction = proxy.connect("app", "app"); Connection idle = proxy.connect("app", "app")) {
            assertEquals("1", JdbcAssertions.scalar(idle, "SELECT 1"));
            inTransaction.setAutoCommit(false);
            String pid = JdbcAssertions.scalar(inTransaction, "SELECT pg_backend_pid()");
            TestCluster.get().primary().query("SELECT pg_terminate_backend(" + pid + ")");
            SQLException lost = JdbcAssertions.assertSqlState("08006",
                    () -> JdbcAssertions.scalar(inTransaction, "SELECT 2"));
            assertTrue(lost.getMessage().contains("was lost during the transaction"), lost.getMessage());
            inTransaction.rollback();
            assertEquals("3", JdbcAssertions.scalar(inTransaction, "SELECT 3"), "the session goes on");
            assertEquals("4", JdbcAssertions.scalar(idle, "SELECT 4"), "a client between transactions never noticed");
        }
    }

    @Test
    void cancelReachesTheServerRunningTheClientsQuery() throws Exception {
        try (Connection c = proxy.connect("app", "app")) {
            JdbcAssertions.cancelSleepAndCheck(c, "SELECT pg_sleep(30)");
        }
    }

    @Test
    void listenNotifyReachesEveryListenerOnce() throws Exception {
        int listeners = 100;
        List<Connection> conns = new ArrayList<>();
        try {
            for (int i = 0; i < listeners; i++) {
                Connection c = proxy.connect("app", "app");
                conns.add(c);
                try (Statement st = c.createStatement()) {
                    st.execute("LISTEN fanout");
                }
            }
            try (Connection notifier = proxy.connect("app", "app"); Statement st = notifier.createStatement()) {
                for (int n = 0; n < 5; n++) {
                    st.execute("NOTIFY fanout, 'n" + n + "'");
                }
            }
            for (Connection c : conns) {
                List<String> got = new ArrayList<>();
                org.postgresql.PGConnection pg = c.unwrap(org.postgresql.PGConnection.class);
                Await.until(() -> "five notifications; got " + got, Duration.ofSeconds(20), () -> {
                    org.postgresql.PGNotification[] batch = pg.getNotifications(100);
                    if (batch != null) {
                        for (org.postgresql.PGNotification n : batch) {
                            got.add(n.getParameter());
                        }
                    }
                    return got.size() >= 5;
                });
                assertEquals(List.of("n0", "n1", "n2", "n3", "n4"), got, "each notification once, in order");
            }
        } finally {
            for (Connection c : conns) {
                c.close();
            }
        }
    }
}
