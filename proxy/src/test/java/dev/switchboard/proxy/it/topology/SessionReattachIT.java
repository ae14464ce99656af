// SessionReattachIT: session-mode clients without server-side state follow a switchover; those with state are told.
package dev.switchboard.proxy.it.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.switchboard.embedded.StopMode;
import dev.switchboard.proxy.it.Await;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class SessionReattachIT {
    private static TopologyFixture fixture;

    @BeforeAll
    static void start() {
        fixture = TopologyFixture.start(1);
        fixture.primary().query("app", "CREATE TABLE moved (n int)");
        fixture.startProxy("{ mode: session, size: 10 }", "app: { cluster: main, dbname: app }");
    }

    @AfterAll
    static void stop() {
        if (fixture != null) {
            fixture.close();
        }
    }

    @Test
    void anIdleStatelessSessionKeepsWorkingOnTheNewPrimary() throws Exception {
        var standby = fixture.standby(0);
        try (Connection plain = fixture.connectProxy("app");
             Connection prepared = fixture.connectProxy("app");
             Statement statement = plain.createStatement()) {
            assertEquals(fixture.primary().port(), serverPort(statement));
            // Named server-side statements (pgJDBC prepares after 5 uses) are state another server would lack.
            var insert = prepared.prepareStatement("INSERT INTO moved VALUES (?)");
            for (int i = 0; i < 6; i++) {
                insert.setInt(1, i);
                insert.executeUpdate();
            }

            fixture.primary().stop(StopMode.FAST);
            standby.promote();

            // The first statement after the switchover waits for the new primary instead of failing.
            statement.executeUpdate("INSERT INTO moved VALUES (100)");
            assertEquals(standby.port(), serverPort(statement));
            assertEquals("off", value(statement, "SHOW transaction_read_only"));

            SQLException lost = assertThrows(SQLException.class, () -> {
                insert.setInt(1, 7);
                insert.executeUpdate();
            });
            // Its server-side statement cannot follow: it hears what a direct connection would have heard.
            assertEquals("57P01", lost.getSQLState(), lost.getMessage());
        }
        Await.until("the row written after the switchover on the new primary", Duration.ofSeconds(5),
                () -> "1".equals(standby.query("app", "SELECT count(*) FROM moved WHERE n = 100").get(0).get(0)));
    }

    private static int serverPort(Statement statement) throws SQLException {
        return Integer.parseInt(value(statement, "SELECT inet_server_port()"));
    }

    private static String value(Statement statement, String sql) throws SQLException {
        try (ResultSet rs = statement.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }
}
