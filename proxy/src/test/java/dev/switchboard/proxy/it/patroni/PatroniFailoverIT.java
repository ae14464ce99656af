// PatroniFailoverIT: with Patroni as the authority, the proxy's writes follow a patronictl switchover to the new leader.
package dev.switchboard.proxy.it.patroni;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.proxy.it.Await;
import dev.switchboard.proxy.it.LeakRecorder;
import dev.switchboard.proxy.it.WriteProbe;
import dev.switchboard.config.ConfigLoader;
import dev.switchboard.proxy.SwitchboardServer;
import java.sql.Array;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * A real Patroni cluster (n1 leads, n2 streams) behind the proxy, configured with
 * {@code clusters.main.authority.patroni} and a read-write database. A client writes through the proxy in
 * a loop while {@code patronictl switchover} hands the leadership to n2. Every write after the first one
 * that lands on n2 must land on n2, nothing acknowledged may be missing there, and a new connection
 * through the proxy must reach n2. The write unavailability (last write on n1 to first write on n2) is
 * printed, not asserted: it depends on the machine.
 */
class PatroniFailoverIT {
    /** The proxy holds transactions this long for a write target: longer than a switchover takes. */
    private static final Duration HOLD_TIMEOUT = Duration.ofSeconds(30);
    /** The writer's pgJDBC socket timeout: far above HOLD_TIMEOUT, so a held statement never times out in pgJDBC. */
    private static final Duration SOCKET_TIMEOUT = Duration.ofSeconds(120);
    /** Writes to see on each side of the switchover before trusting the picture. */
    private static final int WRITES_PER_SIDE = 20;
    private static final Duration WAIT = Duration.ofSeconds(60);

    @Test
    void writesFollowPatronisLeaderThroughASwitchover() throws Exception {
        try (PatroniCluster cluster = new PatroniCluster()) {
            cluster.start();
            PatroniMember oldLeader = cluster.leader();
            PatroniMember candidate = cluster.members().stream().filter(m -> !m.isLeader()).findFirst().orElseThrow();
            try (Connection app = appConnection(cluster, oldLeader); Statement st = app.createStatement()) {
                st.execute(WriteProbe.TABLE);
            }

            String yaml = cluster.proxyYaml("", "{ mode: transaction, size: 5, wait_timeout: 30s }", HOLD_TIMEOUT);
            try (SwitchboardServer proxy = SwitchboardServer.start(ConfigLoader.parse(yaml, "patroni-failover.yaml", Map.of()))) {
                String url = "jdbc:postgresql://127.0.0.1:" + proxy.port() + "/" + PatroniCluster.APP_DATABASE;
                assertEquals(oldLeader.pgPort(), serverPortThrough(url), "before the switchover writes go to " + oldLeader);

                List<WriteProbe.Outcome> outcomes;
                long switchoverAt;
                PatroniMember newLeader;
                try (WriteProbe writer = WriteProbe.start(url, PatroniCluster.APP_USER, PatroniCluster.APP_PASSWORD,
                        SOCKET_TIMEOUT)) {
                    Await.until(() -> WRITES_PER_SIDE + " writes on " + oldLeader.name() + state(writer), WAIT,
                            () -> WriteProbe.successesOn(writer.outcomes(), oldLeader.pgPort(), Long.MIN_VALUE)
                                    >= WRITES_PER_SIDE);
                    switchoverAt = System.nanoTime();
                    cluster.switchover(candidate.name());
                    newLeader = cluster.awaitLeader(candidate.name(), PatroniCluster.ROLE_CHANGE_TIMEOUT);
                    Await.until(() -> WRITES_PER_SIDE + " writes on the new leader " + newLeader.name() + state(writer),
                            WAIT,
                            () -> WriteProbe.successesOn(writer.outcomes(), newLeader.pgPort(), switchoverAt)
                                    >= WRITES_PER_SIDE);
                    outcomes = writer.stop();
                }

                WriteProbe.Outcome firstOnNew = WriteProbe.firstSuccessOn(outcomes, newLeader.pgPort(), Long.MIN_VALUE);
                assertNotNull(firstOnNew, "no write on the new leader " + newLeader.name());
                WriteProbe.Outcome lastOnOld = outcomes.stream()
                        .filter(o -> o.ok() && o.port() == oldLeader.pgPort() && o.atNanos() < firstOnNew.atNanos())
                        .reduce((a, b) -> b).orElse(null);
                assertNotNull(lastOnOld, "no write on " + oldLeader.name() + " before the switchover");
                List<WriteProbe.Outcome> failures = WriteProbe.failures(outcomes);
                System.out.println("[patroni switchover] write unavailability "
                        + (firstOnNew.atNanos() - lastOnOld.atNanos()) / 1_000_000 + " ms (last write on "
                        + oldLeader.name() + " to first on " + newLeader.name() + "); switchover start to first write on "
                        + newLeader.name() + " " + (firstOnNew.atNanos() - switchoverAt) / 1_000_000 + " ms; writer: "
                        + WriteProbe.summary(outcomes) + "; failures: " + grouped(failures));

                List<WriteProbe.Outcome> afterFirstOnNew = outcomes.stream()
                        .filter(o -> o.atNanos() >= firstOnNew.atNanos()).toList();
                assertTrue(afterFirstOnNew.stream().allMatch(o -> o.ok() && o.port() == newLeader.pgPort()),
                        "once a write reached " + newLeader.name() + " every write must go there; after it: "
                                + WriteProbe.summary(afterFirstOnNew) + " " + grouped(afterFirstOnNew.stream()
                                .filter(o -> !o.ok()).toList()) + ", ports " + afterFirstOnNew.stream()
                                .filter(WriteProbe.Outcome::ok).map(WriteProbe.Outcome::port).distinct().toList());
                assertTrue(outcomes.stream().filter(o -> o.ok() && o.atNanos() < switchoverAt)
                                .allMatch(o -> o.port() == oldLeader.pgPort()),
                        "before the switchover every write goes to " + oldLeader.name());

                // A switchover shuts the old leader down cleanly: every acknowledged row reached the new one.
                long[] acknowledged = outcomes.stream().filter(WriteProbe.Outcome::ok)
                        .mapToLong(WriteProbe.Outcome::id).toArray();
                assertEquals(acknowledged.length, countRows(cluster, newLeader, acknowledged),
                        "acknowledged rows present on the new leader " + newLeader.name());

                assertEquals(newLeader.pgPort(), serverPortThrough(url), "a new connection through the proxy");
            }
        }
        LeakRecorder.assertNoLeaks();
    }

    private static Connection appConnection(PatroniCluster cluster, PatroniMember member) throws SQLException {
        return cluster.connect(member, PatroniCluster.APP_USER, PatroniCluster.APP_PASSWORD, PatroniCluster.APP_DATABASE);
    }

    /** {@code inet_server_port()} of a new connection through the proxy: the node its write target is. */
    private static int serverPortThrough(String url) throws SQLException {
        try (Connection c = DriverManager.getConnection(url, PatroniCluster.APP_USER, PatroniCluster.APP_PASSWORD);
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("select inet_server_port()")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private static long countRows(PatroniCluster cluster, PatroniMember member, long[] ids) throws SQLException {
        try (Connection c = appConnection(cluster, member);
                PreparedStatement count = c.prepareStatement("select count(*) from probe where id = any(?)")) {
            Array array = c.createArrayOf("bigint", java.util.Arrays.stream(ids).boxed().toArray());
            count.setArray(1, array);
            try (ResultSet rs = count.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /** Failures counted by message, for the printed summary and assertion messages. */
    private static Map<String, Long> grouped(List<WriteProbe.Outcome> failures) {
        return failures.stream().collect(Collectors.groupingBy(WriteProbe.Outcome::error, TreeMap::new,
                Collectors.counting()));
    }

    /** What the writer saw so far, for a timeout's message. */
    private static String state(WriteProbe writer) {
        List<WriteProbe.Outcome> seen = writer.outcomes();
        return "; writer: " + WriteProbe.summary(seen) + ", failures " + grouped(WriteProbe.failures(seen));
    }
}
