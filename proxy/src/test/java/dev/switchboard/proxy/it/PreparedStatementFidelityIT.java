// PreparedStatementFidelityIT: named prepared statements through a transaction-mode proxy answer as PostgreSQL does.
package dev.switchboard.proxy.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
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
        primary.query("app", "DROP TABLE IF EXISTS fid_log");
        primary.query("app", "CREATE TABLE fid_log (x int)");
        primary.query("app", "GRANT ALL ON fid_log TO PUBLIC");
        proxy = ProxyHarness.start(ProxyHarness.defaultYaml("""
                  - { name: rawapp, auth: trust, backend_user: app }
                """).replace("pool: { mode: session, size: 10, wait_timeout: 5s }",
                "pool: { mode: transaction, size: 1, wait_timeout: 30s }"));
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
