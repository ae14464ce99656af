// TopologyExtensionIT: pgJDBC, unmodified, turns the topology extension on through options and sees a switchover in it.
package dev.switchboard.proxy.it.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.embedded.StopMode;
import dev.switchboard.proxy.it.Await;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.postgresql.PGConnection;

/**
 * A pgJDBC connection with {@code options=-c switchboard.topology=on} reads {@code switchboard.topology} with
 * {@link PGConnection#getParameterStatus} before and after the primary is stopped and a standby promoted: the
 * epoch grows, the write target becomes the promoted standby, the timeline moves on. pgJDBC reads a
 * ParameterStatus when it reads its next reply, so the client runs a query now and then, as an application does.
 */
class TopologyExtensionIT {

    @RegisterExtension
    static final TopologyFixture fixture = TopologyFixture.perClass(2);

    @BeforeAll
    static void setUp() {
        fixture.startProxy("{ mode: transaction, size: 4 }",
                "app: { cluster: main, dbname: app, target: read-write }",
                "app_ro: { cluster: main, dbname: app, target: read-only }");
    }

    /** The view's fields by name (the grammar of docs/protocol-extensions.md). */
    static Map<String, String> fields(String view) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String field : view.split(";", -1)) {
            int eq = field.indexOf('=');
            out.put(field.substring(0, eq), field.substring(eq + 1));
        }
        assertEquals(java.util.List.of("epoch", "timeline", "write", "standbys", "target"),
                java.util.List.copyOf(out.keySet()), view);
        return out;
    }

    private static Connection connect(String database) throws SQLException {
        Properties props = new Properties();
        props.setProperty("user", "app");
        props.setProperty("password", "app");
        props.setProperty("options", "-c switchboard.topology=on");
        props.setProperty("socketTimeout", Integer.toString(TopologyFixture.SOCKET_TIMEOUT_SECONDS));
        return DriverManager.getConnection(fixture.proxy().jdbcUrl(database), props);
    }

    @Test
    void theEpochAndTheWriteTargetChangeWithASwitchover() throws Exception {
        String primary = TopologyFixture.nodeId(fixture.primary());
        String standby = TopologyFixture.nodeId(fixture.standby(0));
        try (Connection rw = connect("app"); Connection ro = connect("app_ro")) {
            PGConnection pg = rw.unwrap(PGConnection.class);
            assertEquals("topology", pg.getParameterStatus("switchboard.extensions"));
            Map<String, String> before = fields(pg.getParameterStatus("switchboard.topology"));
            System.out.println("[topology] before: " + pg.getParameterStatus("switchboard.topology"));
            assertEquals(primary, before.get("write"));
            assertEquals("read-write", before.get("target"));
            assertEquals("1", before.get("timeline"));
            assertTrue(before.get("standbys").contains(standby + "@"), before.toString());
            assertEquals("read-only",
                    fields(ro.unwrap(PGConnection.class).getParameterStatus("switchboard.topology")).get("target"));

            fixture.primary().stop(StopMode.FAST);
            fixture.standby(0).promote();

            Map<String, String> after = Await.value("a topology view naming " + standby + " as the write target",
                    Duration.ofSeconds(60), () -> {
                        try (Statement s = rw.createStatement()) {
                            s.execute("SELECT 1");
                        } catch (SQLException e) {
                            // during the switchover a statement may fail; the view arrives with a later one
                        }
                        Map<String, String> now = fields(pg.getParameterStatus("switchboard.topology"));
                        return standby.equals(now.get("write")) ? now : null;
                    });
            System.out.println("[topology] after: " + pg.getParameterStatus("switchboard.topology"));
            assertTrue(Long.parseLong(after.get("epoch")) > Long.parseLong(before.get("epoch")),
                    "epoch " + before.get("epoch") + " -> " + after.get("epoch"));
            assertEquals("2", after.get("timeline"));
            assertTrue(!after.get("standbys").contains(primary + "@"), "the stopped primary is no readable standby: "
                    + after);
        }
    }
}
