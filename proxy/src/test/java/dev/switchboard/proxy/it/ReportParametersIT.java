// ReportParametersIT: report_parameters with unmodified pgJDBC, in session and transaction pool mode.
package dev.switchboard.proxy.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;

/**
 * A client that lists settings in {@code switchboard.report_parameters} (here through pgJDBC's {@code options}) is
 * told their values at startup and after every change, as PostgreSQL tells it its own reported parameters: pgJDBC
 * shows them through {@code PGConnection.getParameterStatus}, in the server's own text (what SHOW prints).
 */
class ReportParametersIT {
    private static ProxyHarness session;
    private static ProxyHarness transaction;

    @BeforeAll
    static void start() {
        session = ProxyHarness.config().mode("session").poolSize(2).start();
        transaction = ProxyHarness.config().mode("transaction").poolSize(2).start();
    }

    @AfterAll
    static void stop() {
        if (session != null) {
            session.close();
        }
        if (transaction != null) {
            transaction.close();
        }
        JdbcAssertions.awaitNoAppBackends();
        LeakRecorder.assertNoLeaks();
    }

    private static Connection watching(ProxyHarness proxy, String mode) throws SQLException {
        Properties p = new Properties();
        p.setProperty("options", "-c switchboard.report_parameters=work_mem,statement_timeout,myapp.tenant");
        p.setProperty("preferQueryMode", mode);
        return proxy.connect("app", "app", p);
    }

    private static void run(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    private static String show(Connection c, String name) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SHOW " + name)) {
            rs.next();
            return rs.getString(1);
        }
    }

    private static void assertFollowsChanges(ProxyHarness proxy, String mode) throws SQLException {
        try (Connection c = watching(proxy, mode)) {
            PGConnection pg = c.unwrap(PGConnection.class);
            assertEquals(show(c, "work_mem"), pg.getParameterStatus("work_mem"), "the startup value");
            assertEquals("0", pg.getParameterStatus("statement_timeout"));
            String tenant = pg.getParameterStatus("myapp.tenant");
            // Unknown to a fresh server (not reported); a pooled one that had it keeps the placeholder, empty.
            assertEquals(true, tenant == null || tenant.isEmpty(), "a custom setting not set yet: " + tenant);
            assertEquals("report_parameters", pg.getParameterStatus("switchboard.extensions"));

            run(c, "SET work_mem = '64MB'");
            assertEquals("64MB", pg.getParameterStatus("work_mem"));
            run(c, "SET statement_timeout = 1500");
            assertEquals("1500ms", pg.getParameterStatus("statement_timeout"), "the server's text, as SHOW prints it");
            run(c, "SELECT set_config('myapp.tenant', 'acme', false)");
            assertEquals("acme", pg.getParameterStatus("myapp.tenant"));

            c.setAutoCommit(false);
            run(c, "SET work_mem = '8MB'");
            c.rollback();
            c.setAutoCommit(true);
            run(c, "SELECT 1");
            assertEquals("64MB", pg.getParameterStatus("work_mem"), "a rolled-back SET changed nothing");

            run(c, "RESET work_mem");
            assertEquals(show(c, "work_mem"), pg.getParameterStatus("work_mem"));
            run(c, "RESET ALL");
            assertEquals("0", pg.getParameterStatus("statement_timeout"));
        }
    }

    @Test
    void sessionModeExtendedProtocol() throws SQLException {
        assertFollowsChanges(session, "extended");
    }

    @Test
    void sessionModeSimpleProtocol() throws SQLException {
        assertFollowsChanges(session, "simple");
    }

    @Test
    void transactionModeExtendedProtocol() throws SQLException {
        assertFollowsChanges(transaction, "extended");
    }

    @Test
    void transactionModeSimpleProtocol() throws SQLException {
        assertFollowsChanges(transaction, "simple");
    }
}
