// MiddlewareSettingsIT: switchboard.* settings with unmodified pgJDBC in session and transaction pool mode.
package dev.switchboard.proxy.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

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
 * Middleware settings belong to the proxy: SET, SHOW and RESET are answered by it and PostgreSQL never hears of
 * them (a SHOW of one straight on PostgreSQL finds nothing). In session mode the extended protocol cannot be
 * answered in the server's place, and such a statement fails with 0A000 saying what to do instead.
 */
class MiddlewareSettingsIT {
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

    private static String show(Connection c, String name) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SHOW " + name)) {
            rs.next();
            return rs.getString(1);
        }
    }

    @Test
    void transactionModeAnswersEitherProtocol() throws SQLException {
        try (Connection c = transaction.connect("app", "app")) {
            try (Statement s = c.createStatement()) {
                s.execute("SET switchboard.topology = on");
            }
            assertEquals("on", show(c, "switchboard.topology"));
            assertEquals("topology", c.unwrap(PGConnection.class).getParameterStatus("switchboard.extensions"));
            assertEquals("", show(c, "switchboard.min_lsn"));
            try (Statement s = c.createStatement()) {
                s.execute("DISCARD ALL");
            }
            assertEquals("off", show(c, "switchboard.topology"), "DISCARD ALL resets middleware settings too");
            SQLException unknown = assertThrows(SQLException.class, () -> show(c, "switchboard.nope"));
            assertEquals("42704", unknown.getSQLState());
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
                    "SELECT current_setting('switchboard.topology', true) IS NULL")) {
                rs.next();
                assertEquals(true, rs.getBoolean(1), "PostgreSQL never got the setting");
            }
        }
    }

    @Test
    void sessionModeAnswersTheSimpleProtocolAndRefusesTheExtendedOne() throws SQLException {
        Properties simple = new Properties();
        simple.setProperty("preferQueryMode", "simple");
        try (Connection c = session.connect("app", "app", simple)) {
            try (Statement s = c.createStatement()) {
                s.execute("SET switchboard.topology = on");
            }
            assertEquals("on", show(c, "switchboard.topology"));
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
                    "SELECT current_setting('switchboard.topology', true) IS NULL")) {
                rs.next();
                assertEquals(true, rs.getBoolean(1), "PostgreSQL never got the setting");
            }
        }
        try (Connection c = session.connect("app", "app")) {
            SQLException refused = assertThrows(SQLException.class, () -> {
                try (Statement s = c.createStatement()) {
                    s.execute("SET switchboard.topology = on");
                }
            });
            assertEquals("0A000", refused.getSQLState(), refused.getMessage());
        }
    }
}
