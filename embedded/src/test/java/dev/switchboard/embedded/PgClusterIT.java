// Integration test: a real primary with two streaming standbys, driven through the public API.
package dev.switchboard.embedded;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PgClusterIT {

    private static final Duration WAIT = Duration.ofSeconds(60);

    private PgCluster cluster;

    @BeforeAll
    void startCluster() {
        cluster = PgCluster.builder().standbys(2).setting("work_mem", "5MB").start();
    }

    @AfterAll
    void closeCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    @Order(1)
    void nodesHaveDistinctPortsAndTheConfiguredSettings() {
        assertEquals(3, cluster.nodes().size());
        assertEquals(List.of(cluster.node(1), cluster.node(2)), cluster.standbys());
        assertEquals(3, cluster.nodes().stream().mapToInt(PgNode::port).distinct().count());
        for (PgNode node : cluster.nodes()) {
            assertTrue(node.isRunning(), node.name());
            assertEquals("127.0.0.1", node.host());
            assertEquals("5MB", node.queryValue("SHOW work_mem"));
            assertEquals("300", node.queryValue("SHOW max_connections"));
            assertEquals("off", node.queryValue("SHOW fsync"));
            assertEquals("postgres", node.queryValue("SELECT current_user"));
        }
    }

    @Test
    @Order(2)
    void writesOnThePrimaryReachBothStandbys() {
        PgNode primary = cluster.primary();
        primary.execute("CREATE TABLE items (id int PRIMARY KEY, label text)");
        primary.execute("INSERT INTO items VALUES (1, 'one'), (2, NULL)");
        for (PgNode standby : cluster.standbys()) {
            Await.until(WAIT, standby.name() + " to see the rows",
                    () -> "2".equals(standby.queryValue("SELECT count(*) FROM items")));
            assertEquals(List.of(List.of("1", "one"), java.util.Arrays.asList("2", null)),
                    standby.query("SELECT id, label FROM items ORDER BY id"));
        }
    }

    @Test
    @Order(3)
    void standbysAreInRecoveryAndThePrimaryIsNot() {
        assertEquals("f", cluster.primary().queryValue("SELECT pg_is_in_recovery()"));
        for (PgNode standby : cluster.standbys()) {
            assertEquals("t", standby.queryValue("SELECT pg_is_in_recovery()"));
            assertEquals("streaming", standby.queryValue("SELECT status FROM pg_stat_wal_receiver"));
        }
        assertEquals("2", cluster.primary().queryValue("SELECT count(*) FROM pg_stat_replication"));
    }

    @Test
    @Order(4)
    void setSettingIsVisibleInShow() {
        PgNode primary = cluster.primary();
        primary.setSetting("work_mem", "7MB");
        assertEquals("7MB", primary.queryValue("SHOW work_mem"));
        PgNode standby = cluster.node(1);
        standby.setSetting("statement_timeout", "42s"); // ALTER SYSTEM works during recovery too
        assertEquals("42s", standby.queryValue("SHOW statement_timeout"));
        assertEquals("5MB", standby.queryValue("SHOW work_mem"));
    }

    @Test
    @Order(5)
    void errorsCarryTheirSqlState() {
        PgException e = assertThrows(PgException.class,
                () -> cluster.primary().query("SELECT * FROM no_such_table"));
        assertEquals("42P01", e.sqlState());
        assertEquals("ERROR", e.severity());
        assertTrue(e.message().contains("no_such_table"), e.getMessage());
        PgException db = assertThrows(PgException.class, () -> cluster.primary().query("nope", "SELECT 1"));
        assertEquals("3D000", db.sqlState());
    }

    @Test
    @Order(6)
    void aStandbyCanBeStoppedAndStartedAgain() {
        PgNode standby = cluster.node(2);
        int port = standby.port();
        standby.stop(StopMode.FAST);
        assertFalse(standby.isRunning());
        cluster.primary().execute("INSERT INTO items VALUES (3, 'while node2 was down')");
        standby.start();
        assertEquals(port, standby.port());
        standby.awaitStreaming();
        Await.until(WAIT, "node2 to catch up",
                () -> "3".equals(standby.queryValue("SELECT count(*) FROM items")));
    }

    @Test
    @Order(7)
    void killedPrimaryIsReplacedByAPromotedStandby() {
        cluster.awaitStandbysCaughtUp();
        PgNode oldPrimary = cluster.primary();
        oldPrimary.kill9();
        assertFalse(oldPrimary.isRunning());
        assertTrue(Ports.isFree(oldPrimary.port()));

        PgNode newPrimary = cluster.node(1);
        newPrimary.promote();
        assertFalse(newPrimary.isInRecovery());
        newPrimary.execute("INSERT INTO items VALUES (4, 'after failover')");
        assertEquals("00000002",
                newPrimary.queryValue("SELECT substr(pg_walfile_name(pg_current_wal_lsn()), 1, 8)"));
        assertEquals(newPrimary, cluster.currentPrimary());

        PgNode follower = cluster.node(2);
        follower.follow(newPrimary);
        Await.until(WAIT, "node2 to replicate from node1",
                () -> "4".equals(follower.queryValue("SELECT count(*) FROM items")));
        assertEquals("2", follower.queryValue("SELECT received_tli FROM pg_stat_wal_receiver"));
    }

    @Test
    @Order(8)
    void aKilledNodeRestartsWithCrashRecovery() {
        PgNode oldPrimary = cluster.primary();
        oldPrimary.start(); // it comes back as a writable node on timeline 1: a split brain, on purpose.
        assertTrue(oldPrimary.isRunning());
        assertEquals("3", oldPrimary.queryValue("SELECT count(*) FROM items"));
        assertEquals("00000001",
                oldPrimary.queryValue("SELECT substr(pg_walfile_name(pg_current_wal_lsn()), 1, 8)"));
    }
}
