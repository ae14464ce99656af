// PreparedStatementFidelityIT: named prepared statements through a transaction-mode proxy answer as PostgreSQL does.
package dev.switchboard.proxy.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.AfterAll;
import org.postgresql.PGStatement;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every conversation runs twice, against PostgreSQL directly and through the proxy, and the two must
 * match. The pool has one server, so every client of the proxy shares it (and its prepared statements).
 */
class PreparedStatementFidelityIT {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static ProxyHarness proxy;

    @BeforeAll
    static void start() {
        var primary = TestCluster.get().primary();
        // The same table name in two schemas, with different columns and rows.
        primary.query("app", "DROP SCHEMA IF EXISTS fid_a CASCADE");
        primary.query("app", "DROP SCHEMA IF EXISTS fid_b CASCADE");
        primary.query("app", "CREATE SCHEMA fid_a AUTHORIZATION app");
        primary.query("app", "CREATE SCHEMA fid_b AUTHORIZATION app");
        primary.query("app", "CREATE TABLE fid_a.t (a_id int)");
        primary.query("app", "INSERT INTO fid_a.t VALUES (1)");
        primary.query("app", "CREATE TABLE fid_b.t (b_name text, b_n int)");
        primary.query("app", "INSERT INTO fid_b.t VALUES ('bee', 2)");
        primary.query("app", "DROP TABLE IF EXISTS fid_log");
        primary.query("app", "CREATE TABLE fid_log (x int)");
        primary.query("app", "GRANT ALL ON fid_a.t, fid_b.t, fid_log TO PUBLIC");
        proxy = ProxyHarness.config().pool("mode: transaction", "size: 1", "wait_timeout: 30s")
                .user("rawapp", "auth: trust", "backend_user: app").start();
    }

    @AfterAll
    static void stop() {
        if (proxy != null) {
            proxy.close();
        }
        LeakRecorder.assertNoLeaks();
    }

    // ---- re-Parse of an existing name --------------------------------------------------------------

    @Test
    void parseOfAnExistingNameIs42P05AndTheRestOfTheBatchIsSkipped() throws Exception {
        List<String> direct = conversation(this::reParse, direct());
        assertTrue(direct.contains("E 42P05 prepared statement \"S_1\" already exists"), direct.toString());
        assertEquals(direct, conversation(this::reParse, viaProxy()));
    }

    private void reParse(RawClient c, List<String> out) throws IOException {
        exchange(c, out, RawClient.parse("S_1", "SELECT 1"), RawClient.sync());
        // The Bind and Execute after the failed Parse are skipped: no row, no second error.
        exchange(c, out, RawClient.parse("S_1", "SELECT 2"), RawClient.bind("S_1"), RawClient.execute(),
                RawClient.sync());
        exchange(c, out, RawClient.bind("S_1"), RawClient.execute(), RawClient.sync()); // still SELECT 1
        // A second Parse of the same name inside one batch, before the first is answered.
        exchange(c, out, RawClient.parse("S_2", "SELECT 20"), RawClient.parse("S_2", "SELECT 21"),
                RawClient.sync());
        exchange(c, out, RawClient.bind("S_2"), RawClient.execute(), RawClient.sync());
        // The unnamed statement is re-parsed freely.
        exchange(c, out, RawClient.parse("", "SELECT 3"), RawClient.parse("", "SELECT 4"), RawClient.bind(),
                RawClient.execute(), RawClient.sync());
    }

    @Test
    void aNameClosedOrDeallocatedOrDiscardedCanBeParsedAgain() throws Exception {
        List<String> direct = conversation(this::reParseAfterRelease, direct());
        assertEquals(List.of("1", "Z I"), direct.subList(0, 2), direct.toString());
        assertEquals(direct, conversation(this::reParseAfterRelease, viaProxy()));
    }

    private void reParseAfterRelease(RawClient c, List<String> out) throws IOException {
        exchange(c, out, RawClient.parse("S_1", "SELECT 1"), RawClient.sync());
        exchange(c, out, RawClient.closeStatement("S_1"), RawClient.parse("S_1", "SELECT 5"),
                RawClient.bind("S_1"), RawClient.execute(), RawClient.sync());
        exchange(c, out, RawClient.queryMessage("DEALLOCATE S_1")); // folded to s_1: not there, S_1 stays
        exchange(c, out, RawClient.parse("S_1", "SELECT 6"), RawClient.sync());
        exchange(c, out, RawClient.queryMessage("DEALLOCATE \"S_1\""));
        exchange(c, out, RawClient.parse("S_1", "SELECT 6"), RawClient.bind("S_1"), RawClient.execute(),
                RawClient.sync());
        exchange(c, out, RawClient.queryMessage("DEALLOCATE ALL"));
        exchange(c, out, RawClient.parse("S_1", "SELECT 7"), RawClient.bind("S_1"), RawClient.execute(),
                RawClient.sync());
        exchange(c, out, RawClient.queryMessage("DISCARD ALL"));
        exchange(c, out, RawClient.parse("S_1", "SELECT 8"), RawClient.bind("S_1"), RawClient.execute(),
                RawClient.sync());
        exchange(c, out, RawClient.parse("S_1", "SELECT 9"), RawClient.sync()); // and now it exists again
    }

    /** The error aborts the transaction it happens in, as any error does: what ran before it is undone. */
    @Test
    void aReParseFailsItsTransactionLikeAnyError() throws Exception {
        List<String> direct = conversation(this::reParseInTransactions, direct());
        assertTrue(direct.contains("Z E"), direct.toString());
        assertEquals(direct, conversation(this::reParseInTransactions, viaProxy()));
    }

    private void reParseInTransactions(RawClient c, List<String> out) throws IOException {
        exchange(c, out, RawClient.queryMessage("DELETE FROM fid_log"));
        exchange(c, out, RawClient.parse("S_1", "SELECT 1"), RawClient.sync());
        // Implicit transaction: the INSERT before the failing Parse is rolled back at Sync.
        exchange(c, out, RawClient.parse("", "INSERT INTO fid_log VALUES (1)"), RawClient.bind(),
                RawClient.execute(), RawClient.parse("S_1", "SELECT 2"), RawClient.sync());
        // Explicit block: it fails, and only ROLLBACK gets it going again.
        exchange(c, out, RawClient.queryMessage("BEGIN; INSERT INTO fid_log VALUES (2)"));
        exchange(c, out, RawClient.parse("S_1", "SELECT 2"), RawClient.sync());
        exchange(c, out, RawClient.bind("S_1"), RawClient.execute(), RawClient.sync());
        exchange(c, out, RawClient.parse("S_1", "SELECT 2"), RawClient.sync()); // aborted: 25P02 comes first
        exchange(c, out, RawClient.queryMessage("ROLLBACK"));
        // PostgreSQL reads the text before it looks at the name: a bad text wins over the duplicate name.
        exchange(c, out, RawClient.parse("S_1", "SELEC 2"), RawClient.sync());
        exchange(c, out, RawClient.parse("S_1", "SELECT * FROM fid_missing"), RawClient.sync());
        exchange(c, out, RawClient.queryMessage("SELECT count(*) FROM fid_log"));
    }

    // ---- search_path -------------------------------------------------------------------------------

    /** Two clients, one text, two schemas: each reads its own table, though they share the one server. */
    @Test
    void clientsWithDifferentSearchPathsEachGetTheirOwnSchemasTable() throws Exception {
        for (boolean viaProxy : new boolean[] {false, true}) {
            try (Connection a = jdbc(viaProxy, "fid_a"); Connection b = jdbc(viaProxy, "fid_b")) {
                for (int round = 0; round < 3; round++) {
                    assertEquals("[a_id][1]", select(a), "client on fid_a, proxy=" + viaProxy);
                    assertEquals("[b_name, b_n][bee, 2]", select(b), "client on fid_b, proxy=" + viaProxy);
                }
            }
        }
    }

    /** One client changing its search_path: a statement prepared afterwards reads the new schema. */
    @Test
    void aStatementPreparedAfterSetSearchPathReadsTheNewSchema() throws Exception {
        for (boolean viaProxy : new boolean[] {false, true}) {
            try (Connection c = jdbc(viaProxy, "fid_a")) {
                try (PreparedStatement before = c.prepareStatement("SELECT * FROM t")) {
                    assertEquals("[a_id][1]", rows(before), "proxy=" + viaProxy);
                    set(c, "fid_b");
                    assertEquals("[b_name, b_n][bee, 2]", select(c), "after SET, proxy=" + viaProxy);
                }
                // The proxy commits a pipelined request's SET at the ReadyForQuery of any request before it;
                // pgJDBC sends the Close of the statement above, with a Sync, ahead of its next request. So
                // that Close goes first, alone, and the BEGIN + SET below come as a request of their own.
                unnamed(c, "SELECT 1");
                // Inside a block the SET is not committed yet, but the server already runs with it.
                c.setAutoCommit(false);
                set(c, "fid_a");
                assertEquals("[a_id][1]", select(c), "SET in the block, proxy=" + viaProxy);
                c.rollback();
                c.setAutoCommit(true);
                assertEquals("[b_name, b_n][bee, 2]", select(c), "after ROLLBACK, proxy=" + viaProxy);
            }
        }
    }

    /**
     * SET as one Parse/Bind/Execute/Sync of the unnamed statement: the proxy takes a SET's effect from its
     * Parse, so a SET prepared and described in a round of its own would count before it runs.
     */
    private static void set(Connection c, String path) throws SQLException {
        unnamed(c, "SET search_path TO " + path);
    }

    private static void unnamed(Connection c, String sql) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.unwrap(PGStatement.class).setPrepareThreshold(0);
            st.execute(sql);
        }
    }

    /** A new statement object each time, so pgJDBC prepares it anew (server-side at once: threshold 1). */
    private static String select(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT * FROM t")) {
            return rows(ps);
        }
    }

    /** Column names and rows; an error as its SQLSTATE and message, so that a difference shows what went wrong. */
    private static String rows(PreparedStatement ps) {
        try (ResultSet rs = ps.executeQuery()) {
            ResultSetMetaData md = rs.getMetaData();
            List<String> columns = new ArrayList<>();
            for (int i = 1; i <= md.getColumnCount(); i++) {
                columns.add(md.getColumnName(i));
            }
            StringBuilder out = new StringBuilder(columns.toString());
            while (rs.next()) {
                List<String> row = new ArrayList<>();
                for (int i = 1; i <= md.getColumnCount(); i++) {
                    row.add(rs.getString(i));
                }
                out.append(row);
            }
            return out.toString();
        } catch (SQLException e) {
            return "ERROR " + e.getSQLState() + " " + e.getMessage();
        }
    }

    private static Connection jdbc(boolean viaProxy, String schema) throws SQLException {
        Properties props = new Properties();
        props.setProperty("currentSchema", schema); // sent as search_path in the startup packet
        props.setProperty("prepareThreshold", "1");
        props.setProperty("preparedStatementCacheQueries", "0"); // each prepareStatement is a new S_n
        if (viaProxy) {
            return proxy.connect("app", "app", props);
        }
        props.setProperty("user", "app");
        props.setProperty("password", "app");
        return DriverManager.getConnection("jdbc:postgresql://" + TestCluster.primaryAddress() + "/app", props);
    }

    // ---- raw conversations -------------------------------------------------------------------------

    private interface Script {
        void run(RawClient client, List<String> transcript) throws IOException;
    }

    private static RawClient direct() throws IOException {
        var primary = TestCluster.get().primary();
        RawClient c = RawClient.connect(primary.host(), primary.port());
        c.login("app", "app");
        return c;
    }

    private static RawClient viaProxy() throws IOException {
        RawClient c = RawClient.connect(proxy.port());
        c.login("rawapp", "app");
        return c;
    }

    private static List<String> conversation(Script script, RawClient client) throws IOException {
        List<String> transcript = new ArrayList<>();
        try (client) {
            script.run(client, transcript);
        }
        return transcript;
    }

    /** Sends the messages in one write and records the replies up to ReadyForQuery. */
    private static void exchange(RawClient c, List<String> out, byte[]... messages) throws IOException {
        c.send(messages);
        for (RawClient.Message m : c.readUntilReady(WAIT)) {
            switch (m.type()) {
                case 'E' -> out.add("E " + m.sqlState() + " " + m.text());
                case 'D' -> out.add(String.join(",", m.columns()));
                case 'C' -> out.add("C " + new String(m.body(), 0, m.body().length - 1,
                        java.nio.charset.StandardCharsets.UTF_8));
                case 'Z' -> out.add("Z " + (char) m.body()[0]);
                case 'S', 'N' -> { } // ParameterStatus and notices are not what is compared here
                default -> out.add(String.valueOf(m.type()));
            }
        }
    }
}
