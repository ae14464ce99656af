// ReadYourWritesIT: with read_your_writes a client's reads on standbys always see its own just-committed writes.
package dev.switchboard.proxy.it.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * One pgJDBC connection (autocommit, default prepareThreshold, so named statements after five uses) inserts a
 * row and reads it right back, again and again, through a {@code prefer-standby} database: the insert goes to
 * the primary, the select to a standby that has replayed the commit — or, when none has yet, to the primary.
 * A control run through the same target without read_your_writes shows what the guarantee prevents.
 */
class ReadYourWritesIT {
    private static final int ITERATIONS = 10_000;
    private static final int CONTROL_ITERATIONS = 1_000;

    /*
     * The embedded default synchronous_commit = off leaves commits to the WAL writer, which flushes (and so lets
     * walsenders ship them) only every wal_writer_delay: standbys would trail by up to 200 ms and no read could
     * find its write there. Local flush at commit keeps them a replay away.
     */
    @RegisterExtension
    static final TopologyFixture fixture = TopologyFixture.perClass(2, Map.of("synchronous_commit", "on"));

    @BeforeAll
    static void setUp() {
        fixture.primary().query("app", "CREATE TABLE ryw (id int PRIMARY KEY, v text NOT NULL)");
        fixture.cluster().awaitStandbysCaughtUp();
        fixture.startProxy("{ mode: transaction, size: 10, wait_timeout: 30s }",
                "app_ryw: { cluster: main, dbname: app, target: prefer-standby, read_your_writes: true }",
                "app_split: { cluster: main, dbname: app, target: prefer-standby }");
    }

    /** What a run of insert-then-read saw. */
    private record Reads(int misses, int onStandbys, int onPrimary, long millis, List<String> firstMisses) {
        String describe(int iterations) {
            return iterations + " insert+read pairs in " + millis + " ms: " + misses + " reads missed their row; "
                    + onStandbys + " reads on standbys, " + onPrimary + " on the primary ("
                    + Math.round(100.0 * onStandbys / iterations) + "% on standbys)";
        }
    }

    @Test
    void everyReadSeesTheWriteBeforeIt() throws SQLException {
        Reads ryw = insertAndReadBack("app_ryw", 0, ITERATIONS);
        Reads control = insertAndReadBack("app_split", ITERATIONS, CONTROL_ITERATIONS);
        System.out.println("[read-your-writes] app_ryw: " + ryw.describe(ITERATIONS));
        System.out.println("[read-your-writes] control app_split (no read_your_writes): "
                + control.describe(CONTROL_ITERATIONS));
        assertEquals(0, ryw.misses(), "reads that did not see the row their client had just committed; first ones: "
                + ryw.firstMisses());
        assertTrue(ryw.onStandbys() > ITERATIONS / 2, "most reads should go to standbys: " + ryw.describe(ITERATIONS));
    }

    /**
     * Inserts ids {@code first..first+count-1}, each read back right after its insert. The read always returns
     * one row, with v NULL when the row was not visible, so a miss still tells which node served it.
     */
    private static Reads insertAndReadBack(String database, int first, int count) throws SQLException {
        int misses = 0;
        int onStandbys = 0;
        List<String> firstMisses = new ArrayList<>();
        long start = System.nanoTime();
        try (Connection c = fixture.connectProxy(database);
             PreparedStatement insert = c.prepareStatement("INSERT INTO ryw (id, v) VALUES (?, ?)");
             PreparedStatement select = c.prepareStatement(
                     "SELECT (SELECT v FROM ryw WHERE id = ?), inet_server_port(), pg_is_in_recovery(),"
                             + " pg_last_wal_replay_lsn()")) {
            for (int id = first; id < first + count; id++) {
                insert.setInt(1, id);
                insert.setString(2, "v" + id);
                insert.executeUpdate();
                select.setInt(1, id);
                try (ResultSet rs = select.executeQuery()) {
                    rs.next();
                    String v = rs.getString(1);
                    if (v == null) {
                        misses++;
                        if (firstMisses.size() < 5) {
                            firstMisses.add("id " + id + " on port " + rs.getInt(2) + " (replayed to " + rs.getString(4) + ")");
                        }
                    } else {
                        assertEquals("v" + id, v);
                    }
                    if (rs.getBoolean(3)) {
                        onStandbys++;
                    }
                }
            }
        }
        return new Reads(misses, onStandbys, count - onStandbys, (System.nanoTime() - start) / 1_000_000,
                firstMisses);
    }
}
