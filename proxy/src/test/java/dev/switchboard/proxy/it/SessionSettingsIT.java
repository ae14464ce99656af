// SessionSettingsIT: settings changed without SET (set_config, functions, DO blocks) follow a transaction-mode client to another server.
package dev.switchboard.proxy.it;

import static dev.switchboard.proxy.it.JdbcAssertions.scalar;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two pooled servers. {@link #askElsewhere} makes a client's next transaction run on the server its change
 * did not run on: the answer there is what the proxy carried, not what the server remembered.
 */
class SessionSettingsIT {
    private static ProxyHarness proxy;

    @BeforeAll
    static void start() {
        var primary = TestCluster.get().primary();
        primary.query("app", "CREATE OR REPLACE FUNCTION sb_set_zone(zone text) RETURNS text LANGUAGE sql"
                + " AS $$ SELECT set_config('TimeZone', zone, false) $$");
        primary.query("app", "CREATE OR REPLACE PROCEDURE sb_set_path(path text) LANGUAGE plpgsql"
                + " AS $$ BEGIN PERFORM set_config('search_path', path, false); END $$");
        primary.query("app", "CREATE OR REPLACE FUNCTION sb_path_inside() RETURNS text LANGUAGE sql"
                + " SET search_path = sb_inside, public SET TimeZone = 'Asia/Kolkata'"
                + " AS $$ SELECT current_setting('search_path') || ' ' || current_setting('TimeZone') $$");
        proxy = ProxyHarness.config().mode("transaction").poolSize(2).pool("wait_timeout: 60s").start();
    }

    @AfterAll
    static void stop() {
        if (proxy != null) {
            proxy.close();
        }
        LeakRecorder.assertNoLeaks();
    }

    @Test
    void aLiteralSetConfigIsCarriedLikeSet() throws Exception {
        try (Connection a = proxy.connect("app", "app")) {
            assertEquals("7MB", askElsewhere(a, () -> scalar(a, "SELECT set_config('work_mem', '7MB', false)"),
                    "SHOW work_mem"));
            assertEquals("acme", askElsewhere(a,
                    () -> scalar(a, "SELECT pg_catalog.set_config('myapp.tenant', 'acme', false) AS tenant"),
                    "SELECT current_setting('myapp.tenant', true)"));
        }
    }

    @Test
    void aSetConfigInABlockCountsWhenTheBlockCommits() throws Exception {
        try (Connection a = proxy.connect("app", "app")) {
            String before = scalar(a, "SHOW work_mem");
            assertEquals(before, askElsewhere(a, () -> {
                a.setAutoCommit(false);
                scalar(a, "SELECT set_config('work_mem', '9MB', false)");
                a.rollback();
            }, "SHOW work_mem"), "rolled back: forgotten");
            assertEquals("9MB", askElsewhere(a, () -> {
                scalar(a, "SELECT set_config('work_mem', '9MB', false)");
                a.commit();
                a.setAutoCommit(true);
            }, "SHOW work_mem"), "committed: carried");
        }
    }

    @Test
    void aLocalSetConfigCarriesNothing() throws Exception {
        try (Connection a = proxy.connect("app", "app")) {
            String before = scalar(a, "SHOW work_mem");
            assertEquals(before, askElsewhere(a, () -> scalar(a, "SELECT set_config('work_mem', '11MB', true)"),
                    "SHOW work_mem"));
        }
    }

    @Test
    void aSetConfigWithAComputedValuePinsTheClient() throws Exception {
        try (Connection a = proxy.connect("app", "app"); Connection other = proxy.connect("app", "app");
             PreparedStatement ps = a.prepareStatement("SELECT set_config('work_mem', ?, false)")) {
            double before = pinCount();
            ps.setString(1, "15MB");
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
            }
            assertEquals(before + 1, pinCount(), "pinned, and counted under its reason");
            assertEquals(1, leasedServers(), "between transactions the pinned client keeps its server");
            String pid = scalar(a, "SELECT pg_backend_pid()");
            other.setAutoCommit(false);
            assertNotEquals(pid, scalar(other, "SELECT pg_backend_pid()"), "the other client gets the other server");
            assertEquals("15MB", scalar(a, "SHOW work_mem"));
            assertEquals(pid, scalar(a, "SELECT pg_backend_pid()"));
            other.commit();
        }
    }

    @Test
    void aReportedSettingChangedByAFunctionIsCarried() throws Exception {
        try (Connection a = proxy.connect("app", "app")) {
            assertEquals("Asia/Tokyo", askElsewhere(a, () -> scalar(a, "SELECT sb_set_zone('Asia/Tokyo')"),
                    "SHOW TimeZone"));
            assertEquals("sb_called, public", askElsewhere(a, () -> {
                try (Statement st = a.createStatement()) {
                    st.execute("CALL sb_set_path('sb_called, public')");
                }
            }, "SHOW search_path"));
            assertEquals("sql_standard", askElsewhere(a, () -> {
                try (Statement st = a.createStatement()) {
                    st.execute("DO $$ BEGIN PERFORM set_config('IntervalStyle', 'sql_standard', false); END $$");
                }
            }, "SHOW IntervalStyle"));
        }
    }

    @Test
    void aReportedChangeInARolledBackBlockIsForgotten() throws Exception {
        try (Connection a = proxy.connect("app", "app")) {
            String before = scalar(a, "SHOW TimeZone");
            assertEquals(before, askElsewhere(a, () -> {
                a.setAutoCommit(false);
                scalar(a, "SELECT sb_set_zone('America/Sao_Paulo')");
                a.rollback();
                a.setAutoCommit(true);
            }, "SHOW TimeZone"));
        }
    }

    @Test
    void aFunctionsSetClauseEndsWithTheCallAndIsNotCarried() throws Exception {
        try (Connection a = proxy.connect("app", "app")) {
            String path = scalar(a, "SHOW search_path");
            String zone = scalar(a, "SHOW TimeZone");
            String[] inside = new String[1];
            String after = askElsewhere(a, () -> inside[0] = scalar(a, "SELECT sb_path_inside()"),
                    "SELECT current_setting('search_path') || ' ' || current_setting('TimeZone')");
            assertEquals("sb_inside, public Asia/Kolkata", inside[0]);
            assertEquals(path + " " + zone, after);
        }
    }

    /**
     * Runs {@code change} (one or more transactions of {@code a}) while another client holds one of the two
     * servers, then holds the server the change ran on and asks {@code question} as {@code a}, which can only
     * get the other one.
     */
    private static String askElsewhere(Connection a, JdbcAssertions.SqlAction change, String question) throws Exception {
        try (Connection b = proxy.connect("app", "app"); Connection c = proxy.connect("app", "app")) {
            b.setAutoCommit(false);
            String untouched = scalar(b, "SELECT pg_backend_pid()");
            change.run();
            c.setAutoCommit(false);
            String changed = scalar(c, "SELECT pg_backend_pid()");
            assertNotEquals(untouched, changed);
            b.commit();
            String answer = scalar(a, question);
            assertEquals(untouched, scalar(a, "SELECT pg_backend_pid()"), "asked on the server the change never saw");
            c.commit();
            return answer;
        }
    }

    private static double pinCount() {
        var counter = proxy.server().context().meters().find("switchboard.pins").tag("reason", "set_config").counter();
        return counter == null ? 0 : counter.count();
    }

    private static int leasedServers() {
        return proxy.server().context().allPools().stream().mapToInt(p -> p.activeCount()).sum();
    }
}
