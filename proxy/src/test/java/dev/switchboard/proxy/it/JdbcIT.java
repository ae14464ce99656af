// JdbcIT: pgJDBC through the proxy in session mode — query protocols, prepared statements, COPY, NOTIFY, errors, auth, pooling.
package dev.switchboard.proxy.it;

import static dev.switchboard.proxy.it.JdbcAssertions.assertSqlState;
import static dev.switchboard.proxy.it.JdbcAssertions.scalar;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.sql.BatchUpdateException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.postgresql.copy.CopyManager;

class JdbcIT {
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

    private static Properties props(String... keyValues) {
        Properties p = new Properties();
        for (int i = 0; i < keyValues.length; i += 2) {
            p.setProperty(keyValues[i], keyValues[i + 1]);
        }
        return p;
    }

    /** A one-connection pool that waits at most 1 s: every client gets the same backend, one at a time. */
    private static ProxyHarness startSingleBackendProxy() {
        return ProxyHarness.config().pool("size: 1", "wait_timeout: 1s").start();
    }

    // ---- query protocols ----------------------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(strings = {"simple", "extended"})
    void queriesReturnTheSameResultsInBothProtocols(String mode) throws Exception {
        try (Connection c = proxy.connect("app", "app", props("preferQueryMode", mode))) {
            try (Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("SELECT 1 + 1 AS two, 'käse'::text AS word, NULL::int AS nothing,"
                         + " '\\x00ff'::bytea AS bytes, g FROM generate_series(1, 3) g ORDER BY g")) {
                int rows = 0;
                while (rs.next()) {
                    rows++;
                    assertEquals(2, rs.getInt("two"));
                    assertEquals("käse", rs.getString("word"));
                    assertNull(rs.getObject("nothing"));
                    assertArrayEquals(new byte[] {0, (byte) 0xff}, rs.getBytes("bytes"));
                    assertEquals(rows, rs.getInt("g"));
                }
                assertEquals(3, rows);
            }
            try (PreparedStatement ps = c.prepareStatement("SELECT ?::int * 2, ?::text || '!'")) {
                ps.setInt(1, 21);
                ps.setString(2, "it's");
                try (ResultSet rs = ps.executeQuery()) {
                    assertTrue(rs.next());
                    assertEquals(42, rs.getInt(1));
                    assertEquals("it's!", rs.getString(2));
                }
            }
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 5})
    void serverSidePreparedStatementsAreUsed(int prepareThreshold) throws Exception {
        try (Connection c = proxy.connect("app", "app", props("prepareThreshold", Integer.toString(prepareThreshold)))) {
            String sql = "SELECT ?::int + 1000 AS prepared_probe";
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                for (int i = 0; i < 20; i++) {
                    ps.setInt(1, i);
                    try (ResultSet rs = ps.executeQuery()) {
                        assertTrue(rs.next());
                        assertEquals(i + 1000, rs.getInt(1));
                        assertFalse(rs.next());
                    }
                }
                // Still open: the server must hold it under pgJDBC's name (S_n), prepared via the protocol.
                String named = scalar(c, "SELECT string_agg(name, ',') FROM pg_prepared_statements"
                        + " WHERE statement LIKE '%prepared_probe%' AND NOT from_sql");
                assertNotNull(named, "no protocol-level prepared statement on the server");
                assertTrue(named.startsWith("S_"), "unexpected statement name " + named);
            }
        }
    }

    // ---- batches and COPY ---------------------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void batchOf1000Inserts(boolean rewrite) throws Exception {
        String table = "batch_" + rewrite;
        try (Connection c = proxy.connect("app", "app", props("reWriteBatchedInserts", Boolean.toString(rewrite)))) {
            try (Statement st = c.createStatement()) {
                st.execute("DROP TABLE IF EXISTS " + table + "; CREATE TABLE " + table + " (id int PRIMARY KEY, v text)");
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + table + " (id, v) VALUES (?, ?)")) {
                for (int i = 0; i < 1000; i++) {
                    ps.setInt(1, i);
                    ps.setString(2, "row " + i);
                    ps.addBatch();
                }
                int[] counts = ps.executeBatch();
                assertEquals(1000, counts.length);
                for (int n : counts) {
                    assertTrue(n == 1 || n == Statement.SUCCESS_NO_INFO, "unexpected batch count " + n);
                }
            }
            assertEquals("1000", scalar(c, "SELECT count(*) FROM " + table));
            assertEquals("499500", scalar(c, "SELECT sum(id) FROM " + table));
            try (Statement st = c.createStatement()) {
                st.execute("DROP TABLE " + table);
            }
        }
    }

    @Test
    void failingBatchIsRolledBackAndTheSessionContinues() throws Exception {
        try (Connection c = proxy.connect("app", "app")) {
            try (Statement st = c.createStatement()) {
                st.execute("DROP TABLE IF EXISTS batch_fail; CREATE TABLE batch_fail (id int PRIMARY KEY)");
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO batch_fail VALUES (?)")) {
                for (int i = 0; i < 100; i++) {
                    ps.setInt(1, i == 60 ? 7 : i); // a duplicate key in the middle of one pipelined batch
                    ps.addBatch();
                }
                BatchUpdateException e = assertThrows(BatchUpdateException.class, ps::executeBatch);
                assertEquals("23505", e.getSQLState());
            }
            assertEquals("0", scalar(c, "SELECT count(*) FROM batch_fail"), "the batch's implicit transaction was not rolled back");
            try (Statement st = c.createStatement()) {
                st.execute("DROP TABLE batch_fail");
            }
        }
    }

    @Test
    void copyInThenCopyOutGivesTheSameBytes() throws Exception {
        StringBuilder data = new StringBuilder();
        for (int i = 0; i < 100_000; i++) {
            data.append(i).append('\t').append("value ").append(i).append(i % 7 == 0 ? "\tü\n" : "\t\\N\n");
        }
        byte[] in = data.toString().getBytes(StandardCharsets.UTF_8);
        try (Connection c = proxy.connect("app", "app")) {
            try (Statement st = c.createStatement()) {
                st.execute("DROP TABLE IF EXISTS copy_rt; CREATE TABLE copy_rt (id int PRIMARY KEY, v text, w text)");
            }
            CopyManager copy = c.unwrap(PGConnection.class).getCopyAPI();
            long copied = copy.copyIn("COPY copy_rt FROM STDIN", new ByteArrayInputStream(in));
            assertEquals(100_000, copied);
            ByteArrayOutputStream out = new ByteArrayOutputStream(in.length);
            long written = copy.copyOut("COPY (SELECT * FROM copy_rt ORDER BY id) TO STDOUT", out);
            assertEquals(100_000, written);
            assertArrayEquals(in, out.toByteArray(), "COPY OUT bytes differ from COPY IN bytes");
            assertEquals("1", scalar(c, "SELECT 1"), "session unusable after COPY");
            try (Statement st = c.createStatement()) {
                st.execute("DROP TABLE copy_rt");
            }
        }
    }

    // ---- asynchronous messages ----------------------------------------------------------------------

    @Test
    void listenerReceivesExactlyTheCommittedNotifications() throws Exception {
        try (Connection listener = proxy.connect("app", "app"); Connection notifier = proxy.connect("app", "app")) {
            try (Statement st = listener.createStatement()) {
                st.execute("LISTEN jdbc_it");
            }
            String notifierPid = scalar(notifier, "SELECT pg_backend_pid()");
            notifier.setAutoCommit(false);
            try (Statement st = notifier.createStatement()) {
                st.execute("NOTIFY jdbc_it, 'rolled back'");
                notifier.rollback();
                st.execute("NOTIFY jdbc_it, 'first'");
                st.execute("SELECT pg_notify('jdbc_it', 'second')");
                st.execute("NOTIFY jdbc_it, 'first'"); // same channel and payload in one transaction: delivered once
                st.execute("NOTIFY jdbc_it_other, 'not listened'");
                notifier.commit();
                notifier.setAutoCommit(true);
                st.execute("NOTIFY jdbc_it, 'end'");
            }
            PGConnection pg = listener.unwrap(PGConnection.class);
            List<PGNotification> received = new ArrayList<>();
            Await.until(() -> "the notification 'end'; got " + received.size() + " before it", Duration.ofSeconds(10),
                    () -> {
                        PGNotification[] batch = pg.getNotifications(100);
                        if (batch != null) {
                            received.addAll(List.of(batch));
                        }
                        return !received.isEmpty() && "end".equals(received.get(received.size() - 1).getParameter());
                    });
            List<String> payloads = received.stream().map(n -> n.getName() + ":" + n.getParameter()).toList();
            assertEquals(List.of("jdbc_it:first", "jdbc_it:second", "jdbc_it:end"), payloads);
            for (PGNotification n : received) {
                assertEquals(notifierPid, Integer.toString(n.getPID()), "notification PID is the notifier's backend");
            }
        }
    }

    @Test
    void noticeBecomesAStatementWarning() throws Exception {
        try (Connection c = proxy.connect("app", "app"); Statement st = c.createStatement()) {
            st.execute("DO $$ BEGIN RAISE NOTICE 'hello %', 42; END $$");
            SQLWarning warning = st.getWarnings();
            assertNotNull(warning, "RAISE NOTICE produced no SQLWarning");
            assertEquals("00000", warning.getSQLState());
            assertTrue(warning.getMessage().contains("hello 42"), warning.getMessage());
            assertNull(warning.getNextWarning());
        }
    }

    // ---- errors -------------------------------------------------------------------------------------

    @Test
    void failingStatementReportsSqlStateAndTheSessionContinues() throws Exception {
        try (Connection c = proxy.connect("app", "app")) {
            SQLException e = assertSqlState("42P01", () -> scalar(c, "SELECT * FROM no_such_table"));
            assertTrue(e.getMessage().contains("relation \"no_such_table\" does not exist"), e.getMessage());
            assertEquals("ok", scalar(c, "SELECT 'ok'"));
        }
    }

    @Test
    void failedTransactionIsAbortedUntilRollback() throws Exception {
        try (Connection c = proxy.connect("app", "app")) {
            try (Statement st = c.createStatement()) {
                st.execute("DROP TABLE IF EXISTS tx_abort; CREATE TABLE tx_abort (id int)");
            }
            c.setAutoCommit(false);
            try (Statement st = c.createStatement()) {
                st.execute("INSERT INTO tx_abort VALUES (1)");
                assertSqlState("22012", () -> st.execute("SELECT 1 / 0"));
                assertSqlState("25P02", () -> st.execute("INSERT INTO tx_abort VALUES (2)"));
            }
            c.rollback();
            c.setAutoCommit(true);
            assertEquals("0", scalar(c, "SELECT count(*) FROM tx_abort"));
            try (Statement st = c.createStatement()) {
                st.execute("DROP TABLE tx_abort");
            }
        }
    }

    // ---- authentication -----------------------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(strings = {"app", "app_scram", "app_md5", "app_clear"})
    void everyBackendAuthMethodWorks(String user) throws Exception {
        try (Connection c = proxy.connect(user, user)) {
            assertEquals(user, scalar(c, "SELECT current_user"));
        }
    }

    @Test
    void wrongPasswordIsRefusedLikePostgreSql() throws Exception {
        SQLException viaProxy = assertSqlState("28P01", () -> proxy.connect("app", "wrong").close());
        assertEquals("FATAL: password authentication failed for user \"app\"", viaProxy.getMessage());

        SQLException direct = assertSqlState("28P01", () -> DriverManager.getConnection(
                "jdbc:postgresql://" + TestCluster.primaryAddress() + "/app", "app_scram", "wrong").close());
        SQLException proxyScram = assertSqlState("28P01", () -> proxy.connect("app_scram", "wrong").close());
        assertEquals(direct.getMessage(), proxyScram.getMessage(), "proxy and PostgreSQL messages differ");
        try (Connection c = proxy.connect("app", "app")) {
            assertEquals("1", scalar(c, "SELECT 1"), "the proxy keeps serving");
        }
    }

    @Test
    void unknownDatabaseIsRefusedLikePostgreSql() throws Exception {
        SQLException viaProxy = assertSqlState("3D000",
                () -> DriverManager.getConnection(proxy.jdbcUrl("no_such_db"), "app", "app").close());
        SQLException direct = assertSqlState("3D000", () -> DriverManager.getConnection(
                "jdbc:postgresql://" + TestCluster.primaryAddress() + "/no_such_db", "app_scram", "app_scram").close());
        assertEquals(direct.getMessage(), viaProxy.getMessage());
    }

    // ---- session state and pooling ------------------------------------------------------------------

    @Test
    void nextClientOfAPooledBackendSeesAFreshSession() throws Exception {
        try (ProxyHarness single = startSingleBackendProxy()) {
            String pid;
            String defaultSearchPath;
            try (Connection c = single.connect("app", "app", props("prepareThreshold", "1"))) {
                pid = scalar(c, "SELECT pg_backend_pid()");
                defaultSearchPath = scalar(c, "SHOW search_path");
                try (Statement st = c.createStatement()) {
                    st.execute("SET search_path = pg_catalog");
                    st.execute("SET statement_timeout = '123s'");
                    st.execute("CREATE TEMP TABLE reset_probe (id int)");
                    st.execute("PREPARE reset_sql_stmt AS SELECT 1");
                }
                try (PreparedStatement ps = c.prepareStatement("SELECT ?::int")) {
                    ps.setInt(1, 1);
                    ps.executeQuery().close();
                    ps.executeQuery().close();
                }
                assertEquals("t", scalar(c, "SELECT count(*) FILTER (WHERE from_sql) = 1 AND count(*) FILTER (WHERE NOT from_sql) > 0"
                        + " FROM pg_prepared_statements"), "expected SQL and protocol prepared statements before the reset");
            }
            try (Connection c = single.connect("app", "app")) {
                assertEquals(pid, scalar(c, "SELECT pg_backend_pid()"), "expected the same pooled backend");
                assertEquals(defaultSearchPath, scalar(c, "SHOW search_path"));
                assertEquals("0", scalar(c, "SHOW statement_timeout"));
                assertNull(scalar(c, "SELECT to_regclass('pg_temp.reset_probe')"), "temp table survived");
                assertEquals("0", scalar(c, "SELECT count(*) FROM pg_prepared_statements"));
            }
        }
    }

    @Test
    void startupSettingsReachTheServer() throws Exception {
        String options = "-c search_path=foo,public -c statement_timeout=77s";
        String directPath;
        String directSchemas;
        try (Connection direct = DriverManager.getConnection("jdbc:postgresql://" + TestCluster.primaryAddress() + "/app",
                props("user", "app_scram", "password", "app_scram", "options", options))) {
            directPath = scalar(direct, "SHOW search_path");
            directSchemas = scalar(direct, "SELECT current_schemas(false)::text");
        }
        try (Connection c = proxy.connect("app", "app", props("options", options, "ApplicationName", "xyz"))) {
            // A list GUC stays a list (not one quoted identifier), spelled exactly as PostgreSQL shows it.
            assertEquals(directPath, scalar(c, "SHOW search_path"));
            assertEquals(directSchemas, scalar(c, "SELECT current_schemas(false)::text"));
            assertEquals("{public}", directSchemas);
            assertEquals("77s", scalar(c, "SHOW statement_timeout"));
            assertEquals("xyz", scalar(c, "SHOW application_name"));
        }
    }

    @Test
    void exhaustedPoolRefusesWithPoolNameThenRecovers() throws Exception {
        try (ProxyHarness single = startSingleBackendProxy()) {
            Connection held = single.connect("app", "app");
            SQLException e = assertSqlState("53300", () -> single.connect("app", "app").close());
            assertTrue(e.getMessage().contains("pool \"app.app@" + TestCluster.primaryAddress() + "\""), e.getMessage());
            assertEquals("1", scalar(held, "SELECT 1"), "the holder is unaffected");
            held.close();
            try (Connection c = single.connect("app", "app")) {
                assertEquals("1", scalar(c, "SELECT 1"));
            }
        }
    }
}
