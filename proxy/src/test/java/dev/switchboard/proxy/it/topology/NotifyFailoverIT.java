// NotifyFailoverIT: transaction-mode listeners keep their channels when the primary stops and the standby takes over.
package dev.switchboard.proxy.it.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.embedded.PgNode;
import dev.switchboard.embedded.StopMode;
import dev.switchboard.proxy.ProxyContext;
import dev.switchboard.proxy.it.Await;
import dev.switchboard.proxy.notify.HubState;
import dev.switchboard.proxy.notify.ListenerHub;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

/**
 * The switchover of {@link FastStopFailoverIT} ({@code pg_ctl stop -m fast}, then {@code pg_ctl promote}) with two
 * transaction-mode clients listening through the proxy's listener hub: the hub loses its server, reconnects to the
 * promoted standby once the topology names it, and LISTENs again on every channel; NOTIFYs there reach the clients,
 * which were warned that notifications sent in the gap may be missing.
 */
class NotifyFailoverIT {
    @RegisterExtension
    static final TopologyFixture fixture = TopologyFixture.perClass(1);
    private static final Duration WAIT = Duration.ofSeconds(60);

    @Test
    void listenersFollowThePrimaryToThePromotedStandby() throws Exception {
        ProxyContext context = fixture.startProxy("{ mode: transaction, size: 4, wait_timeout: 30s }",
                "app: { cluster: main, dbname: app, target: read-write }").server().context();
        ListenerHub hub = context.listenerHub(context.config().databases().get("app"),
                context.config().users().get("app"));
        PgNode old = fixture.primary();
        PgNode next = fixture.standby(0);
        try (Connection a = fixture.connectProxy("app"); Connection b = fixture.connectProxy("app")) {
            execute(a, "LISTEN news");
            execute(a, "LISTEN other");
            execute(b, "LISTEN news");
            notifyOn(old, "news", "before");
            assertEquals(List.of("news|before"), receive(a, 1));
            assertEquals(List.of("news|before"), receive(b, 1));

            old.stop(StopMode.FAST);
            next.promote();
            Await.until("the hub listening again, on the promoted standby", WAIT,
                    // First the connection on the new node: then the channels listed are the ones listened there.
                    () -> listenerBackendsOn(next) == 1 && hub.state() == HubState.LISTENING
                            && hub.channels().equals(Set.of("news", "other")));

            notifyOn(next, "news", "after");
            notifyOn(next, "other", "after");
            assertEquals(List.of("news|after", "other|after"), receive(a, 2));
            assertEquals(List.of("news|after"), receive(b, 1));
            for (Connection c : List.of(a, b)) {
                String warnings = warnings(c);
                assertTrue(warnings.contains("01000") && warnings.contains("may have been lost"), warnings);
            }
            assertEquals(1.0, context.meters().find("switchboard.listener.hubs").tag("state", "listening").gauge().value());
            assertEquals(2, hub.listenerCount("news"), "no registration lost");
            assertEquals(1, hub.listenerCount("other"));
            try (Statement st = a.createStatement(); ResultSet rs = st.executeQuery("SELECT inet_server_port()")) {
                rs.next();
                assertEquals(next.port(), rs.getInt(1), "the client itself goes on, on the new primary");
            }
        }
    }

    private static void execute(Connection c, String sql) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }

    private static void notifyOn(PgNode node, String channel, String payload) throws SQLException {
        try (Connection direct = fixture.connectDirect(node)) {
            execute(direct, "NOTIFY " + channel + ", '" + payload + "'");
        }
    }

    /** The pg_stat_activity rows of listener hubs on {@code node}. */
    private static int listenerBackendsOn(PgNode node) throws SQLException {
        try (Connection direct = fixture.connectDirect(node); Statement st = direct.createStatement();
             ResultSet rs = st.executeQuery(
                     "SELECT count(*) FROM pg_stat_activity WHERE application_name LIKE 'switchboard listener%'")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    /** Reads notifications until {@code count} came, as "channel|payload". */
    private static List<String> receive(Connection c, int count) throws Exception {
        List<String> got = new ArrayList<>();
        PGConnection pg = c.unwrap(PGConnection.class);
        Await.until(count + " notifications (got " + got + ")", WAIT, () -> {
            PGNotification[] batch = pg.getNotifications(100);
            if (batch != null) {
                for (PGNotification n : batch) {
                    got.add(n.getName() + "|" + n.getParameter());
                }
            }
            return got.size() >= count;
        });
        return got;
    }

    private static String warnings(Connection c) throws SQLException {
        StringBuilder all = new StringBuilder();
        for (SQLWarning w = c.getWarnings(); w != null; w = w.getNextWarning()) {
            all.append(w.getSQLState()).append(' ').append(w.getMessage()).append('\n');
        }
        return all.toString();
    }
}
