// LagRoutingIT: a standby behind max_lag (in time or in bytes) serves no read-only transaction; the primary serves none either.
package dev.switchboard.proxy.it.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.switchboard.embedded.PgNode;
import dev.switchboard.proxy.it.Await;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Standby s2 applies WAL two seconds late ({@code recovery_min_apply_delay}) while a writer changes a row on the
 * primary every 10 ms, so s2 stays about two seconds — and, with the writer's 1.5 kB payload, a few hundred
 * kilobytes — behind; s1 keeps up. Reads through {@code target: read-only} databases bounded at 100 ms and
 * at 64 kB must all land on s1.
 */
class LagRoutingIT {
    private static final int READS = 2_000;
    /** Bytes of random hex the writer puts in each update, so the WAL grows by well over 64 kB per second. */
    private static final int PAYLOAD = 1_536;
    private static final double BYTE_BOUND = 64 * 1024;

    @RegisterExtension
    static final TopologyFixture fixture = TopologyFixture.perClass(2);
    private static PgNode s1;
    private static PgNode s2;
    private static Thread writer;
    private static volatile boolean writing = true;
    private static volatile Throwable writerFailure;

    @BeforeAll
    static void setUp() throws Exception {
        s1 = fixture.standby(0);
        s2 = fixture.standby(1);
        s2.setSettingAndRestart("recovery_min_apply_delay", "2s");
        s2.awaitStreaming();
        fixture.primary().query("app", "CREATE TABLE lag (id int PRIMARY KEY, v bigint NOT NULL, pad text);"
                + " INSERT INTO lag VALUES (1, 0, '')");
        fixture.startProxy("{ mode: transaction, size: 10, wait_timeout: 30s }",
                "app_ro: { cluster: main, dbname: app, target: read-only, max_lag: 100ms }",
                "app_ro_bytes: { cluster: main, dbname: app, target: read-only, max_lag: 64kB }");
        writer = new Thread(LagRoutingIT::write, "lag-writer");
        writer.setDaemon(true);
        writer.start();
    }

    @AfterAll
    static void stopWriter() throws InterruptedException {
        writing = false;
        if (writer != null) {
            writer.join(10_000);
        }
    }

    /** Updates the row every 10 ms straight on the primary (not through the proxy). */
    private static void write() {
        try (Connection c = fixture.connectDirect(fixture.primary());
             PreparedStatement update = c.prepareStatement("UPDATE lag SET v = v + 1, pad = ? WHERE id = 1")) {
            StringBuilder pad = new StringBuilder(PAYLOAD);
            while (writing) {
                pad.setLength(0);
                ThreadLocalRandom random = ThreadLocalRandom.current();
                while (pad.length() < PAYLOAD) {
                    pad.append(Long.toHexString(random.nextLong())); // random hex: TOAST cannot compress it away
                }
                update.setString(1, pad.toString());
                update.executeUpdate();
                Thread.sleep(10); // the write rate the test is about, not a wait for something
            }
        } catch (SQLException | RuntimeException e) {
            writerFailure = e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void aStandbyBeyondTheTimeBoundServesNoRead() throws Exception {
        long seen = Await.until("s2's lag above 1 s in the proxy's metrics", Duration.ofSeconds(30),
                () -> fixture.nodeGauge("switchboard.node.lag.seconds", s2) > 1);
        Map<Integer, Integer> ports = readPorts("app_ro");
        System.out.println("[lag-routing] max_lag 100ms: " + READS + " reads by port " + ports + " (s1 " + s1.port()
                + ", s2 " + s2.port() + " at " + fixture.nodeGauge("switchboard.node.lag.seconds", s2)
                + " s behind, primary " + fixture.primary().port() + "); waited " + seen + " ms for the metric to show s2 behind");
        assertWriterAlive();
        assertEquals(Map.of(s1.port(), READS), ports, "reads by port; only s1 is a standby within 100 ms");
    }

    @Test
    void aStandbyBeyondTheByteBoundServesNoRead() throws Exception {
        long seen = Await.until("s2's lag above 3 x 64 kB in the proxy's metrics", Duration.ofSeconds(30),
                () -> fixture.nodeGauge("switchboard.node.lag.bytes", s2) > 3 * BYTE_BOUND);
        Map<Integer, Integer> ports = readPorts("app_ro_bytes");
        System.out.println("[lag-routing] max_lag 64kB: " + READS + " reads by port " + ports + " (s1 " + s1.port()
                + ", s2 " + s2.port() + " at " + (long) fixture.nodeGauge("switchboard.node.lag.bytes", s2)
                + " bytes behind, primary " + fixture.primary().port() + "); waited " + seen + " ms for the metric to show s2 behind");
        assertWriterAlive();
        assertEquals(Map.of(s1.port(), READS), ports, "reads by port; only s1 is a standby within 64 kB");
    }

    private static void assertWriterAlive() {
        if (writerFailure != null) {
            throw new AssertionError("the writer failed, so s2 may not have been behind", writerFailure);
        }
    }

    /** {@link #READS} single-statement transactions through {@code database}, counted by the port that served each. */
    private static Map<Integer, Integer> readPorts(String database) throws SQLException {
        Map<Integer, Integer> ports = new TreeMap<>();
        try (Connection c = fixture.connectProxy(database); Statement st = c.createStatement()) {
            for (int i = 0; i < READS; i++) {
                try (ResultSet rs = st.executeQuery("SELECT inet_server_port()")) {
                    rs.next();
                    ports.merge(rs.getInt(1), 1, Integer::sum);
                }
            }
        }
        return ports;
    }
}
