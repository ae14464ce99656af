// SplitBrainIT: an old primary that comes back writable after a promotion is fenced — it gets no write, and says so.
package dev.switchboard.proxy.it.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.fail;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.switchboard.embedded.PgNode;
import dev.switchboard.embedded.StopMode;
import dev.switchboard.proxy.it.Await;
import dev.switchboard.topology.ClusterTopology;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.LoggerFactory;

/**
 * The classic split brain: the primary stops, its standby is promoted to timeline 2 and takes writes, then the
 * old primary starts again — without standby.signal, so writable, on timeline 1. Being writable is not proof
 * of leadership: the proxy must fence it (writable below the cluster's highest timeline), route nothing to it,
 * raise the fenced gauge and log an ERROR naming it.
 */
class SplitBrainIT {
    private static final int MARKERS = 200;

    @RegisterExtension
    static final TopologyFixture fixture = TopologyFixture.perClass(1);

    @Test
    void theOldPrimaryIsFencedWhenItComesBackWritable() throws Exception {
        PgNode oldPrimary = fixture.primary();
        PgNode newPrimary = fixture.standby(0);
        oldPrimary.query("app", "CREATE TABLE marker (n int NOT NULL); CREATE TABLE writes (n int NOT NULL)");
        fixture.cluster().awaitStandbysCaughtUp();
        fixture.startProxy("{ mode: transaction, size: 5, wait_timeout: 30s }",
                "app: { cluster: main, dbname: app, target: read-write }");

        try (Connection client = fixture.connectProxy("app")) {
            assertEquals(List.of(oldPrimary.port()), write(client, 1, 5), "writes before the failover");

            oldPrimary.stop(StopMode.FAST);
            newPrimary.promote();
            assertEquals(List.of(newPrimary.port()), write(client, 6, 10), "writes after the promotion");

            ListAppender<ILoggingEvent> topologyLog = captureTopologyErrors();
            try {
                oldPrimary.start();
                assertFalse(oldPrimary.isInRecovery(), "the old primary should have come back writable");
                long fencedAfter = Await.until("the old primary fenced", Duration.ofSeconds(30),
                        () -> fixture.nodeGauge("switchboard.node.fenced", oldPrimary) == 1);

                for (int n = 1; n <= MARKERS; n++) {
                    try (PreparedStatement insert = client.prepareStatement("INSERT INTO marker VALUES (?)")) {
                        insert.setInt(1, n);
                        insert.executeUpdate();
                    }
                }
                String onOld = oldPrimary.query("app", "SELECT count(*) FROM marker").get(0).get(0);
                String onNew = newPrimary.query("app", "SELECT count(*) FROM marker").get(0).get(0);
                assertEquals("0", onOld, "marker rows written through the proxy on the fenced old primary");
                assertEquals(Integer.toString(MARKERS), onNew, "marker rows on the new primary");

                assertEquals(1.0, fixture.nodeGauge("switchboard.node.fenced", oldPrimary), "fenced gauge of the old primary");
                assertEquals(0.0, fixture.nodeGauge("switchboard.node.fenced", newPrimary), "fenced gauge of the new primary");
                assertEquals(1.0, fixture.nodeGauge("switchboard.node.primary", newPrimary), "primary gauge of the new primary");
                assertEquals(0.0, fixture.clusterGauge("switchboard.cluster.split_brain"),
                        "a lower-timeline primary is fenced, not a split brain");

                assertEquals(newPrimary.port(), portOfReadWriteTransaction(client));

                String fencedLine = errorLineNaming(topologyLog, TopologyFixture.nodeId(oldPrimary));
                System.out.println("[split-brain] old primary " + TopologyFixture.nodeId(oldPrimary) + " fenced "
                        + fencedAfter + " ms after it accepted connections; " + MARKERS + " writes: " + onNew
                        + " on the new primary, " + onOld + " on the old; log: " + fencedLine);
            } finally {
                release(topologyLog);
            }
        }
    }

    /** Inserts {@code from..to} into writes, each in its own transaction; returns the distinct ports that took them. */
    private static List<Integer> write(Connection client, int from, int to) throws SQLException {
        List<Integer> ports = new ArrayList<>();
        try (PreparedStatement insert = client.prepareStatement("INSERT INTO writes VALUES (?) RETURNING inet_server_port()")) {
            for (int n = from; n <= to; n++) {
                insert.setInt(1, n);
                try (ResultSet rs = insert.executeQuery()) {
                    rs.next();
                    if (!ports.contains(rs.getInt(1))) {
                        ports.add(rs.getInt(1));
                    }
                }
            }
        }
        return ports;
    }

    /** Where an explicit read-write transaction runs: its inet_server_port(), with a write in the same transaction. */
    private static int portOfReadWriteTransaction(Connection client) throws SQLException {
        client.setAutoCommit(false);
        try (Statement st = client.createStatement()) {
            int port;
            try (ResultSet rs = st.executeQuery("SELECT inet_server_port()")) {
                rs.next();
                port = rs.getInt(1);
            }
            st.executeUpdate("INSERT INTO writes VALUES (0)");
            client.commit();
            return port;
        } finally {
            client.setAutoCommit(true);
        }
    }

    private static ListAppender<ILoggingEvent> captureTopologyErrors() {
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        ((Logger) LoggerFactory.getLogger(ClusterTopology.class)).addAppender(appender);
        return appender;
    }

    private static void release(ListAppender<ILoggingEvent> appender) {
        ((Logger) LoggerFactory.getLogger(ClusterTopology.class)).detachAppender(appender);
        appender.stop();
    }

    /** The ERROR line of ClusterTopology that says "fenced" and names {@code node}; fails when there is none. */
    private static String errorLineNaming(ListAppender<ILoggingEvent> appender, String node) {
        List<ILoggingEvent> events;
        synchronized (appender) { // appends happen under the appender's lock
            events = List.copyOf(appender.list);
        }
        for (ILoggingEvent event : events) {
            String message = event.getFormattedMessage();
            if (event.getLevel() == Level.ERROR && message.contains("fenced") && message.contains(node)) {
                return message;
            }
        }
        return fail("no ERROR line of ClusterTopology says \"fenced\" and names " + node + "; logged: "
                + events.stream().map(e -> e.getLevel() + " " + e.getFormattedMessage()).toList());
    }
}
