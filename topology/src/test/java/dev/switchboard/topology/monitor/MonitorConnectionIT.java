// MonitorConnectionIT: the monitor's session and probe against a real primary and standby, with each login method.
package dev.switchboard.topology.monitor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.embedded.PgCluster;
import dev.switchboard.embedded.PgNode;
import dev.switchboard.topology.Lsn;
import dev.switchboard.topology.NodeObservation;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MonitorConnectionIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private PgCluster cluster;
    private PgNode primary;
    private PgNode standby;

    @BeforeAll
    void startCluster() {
        // Password lines come before the embedded cluster's trust lines, so they decide for these roles.
        cluster = PgCluster.builder().standbys(1)
                .hba("host all sb_scram 127.0.0.1/32 scram-sha-256")
                .hba("host all sb_md5 127.0.0.1/32 md5")
                .hba("host all sb_clear 127.0.0.1/32 password")
                .start();
        primary = cluster.primary();
        standby = cluster.standbys().get(0);
        primary.execute("CREATE ROLE sb_scram LOGIN PASSWORD 'scram-pw' IN ROLE pg_monitor");
        primary.execute("SET password_encryption = 'md5'; CREATE ROLE sb_md5 LOGIN PASSWORD 'md5-pw'");
        primary.execute("CREATE ROLE sb_clear LOGIN PASSWORD 'clear-pw'");
        // Not awaitStandbysCaughtUp(): it waits for pg_current_wal_lsn(), which with synchronous_commit=off can
        // still be before the last commit record; the insert position is after it.
        standby.awaitReplayed(primary.queryValue("SELECT pg_current_wal_insert_lsn()"));
    }

    @AfterAll
    void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void theProbeReadsThePrimaryAndTheStandby() throws Exception {
        standby.awaitStreaming();
        NodeObservation s;
        NodeObservation p;
        // The standby first: its replay position can then never be ahead of the primary read afterwards.
        try (MonitorConnection c = open(standby, superuser())) {
            s = NodeProbe.read(c, "s", Clock.systemUTC());
        }
        try (MonitorConnection c = open(primary, superuser())) {
            p = NodeProbe.read(c, "p", Clock.systemUTC());
        }
        assertTrue(p.reachable());
        assertFalse(p.standby());
        assertEquals(1, p.timeline());
        assertNotEquals(Lsn.UNKNOWN, p.lsn());
        assertTrue(s.reachable());
        assertTrue(s.standby());
        assertEquals(1, s.timeline());
        assertNotEquals(Lsn.UNKNOWN, s.lsn());
        assertNotEquals(Lsn.UNKNOWN, s.receiveLsn());
        assertTrue(Lsn.atLeast(p.lsn(), s.lsn()), Lsn.format(s.lsn()) + " ahead of " + Lsn.format(p.lsn()));
        assertNotEquals(0, p.systemIdentifier());
        assertEquals(p.systemIdentifier(), s.systemIdentifier());
    }

    @Test
    void aMonitorRoleWithPgMonitorReadsTheStandbysTimeline() throws Exception {
        standby.awaitStreaming();
        try (MonitorConnection c = open(standby, login("sb_scram", "scram-pw"))) {
            NodeObservation s = NodeProbe.read(c, "s", Clock.systemUTC());
            assertTrue(s.standby());
            assertEquals(1, s.timeline());
        }
    }

    @Test
    void withoutPgMonitorTheStandbysTimelineIsUnknown() throws Exception {
        standby.awaitStreaming();
        // pg_stat_wal_receiver hides received_tli from roles without pg_read_all_stats (pg_monitor has it).
        try (MonitorConnection c = open(standby, login("sb_md5", "md5-pw"))) {
            NodeObservation s = NodeProbe.read(c, "s", Clock.systemUTC());
            assertTrue(s.standby());
            assertEquals(0, s.timeline());
            assertNotEquals(0, s.systemIdentifier());
        }
    }

    @Test
    void logsInWithScram() throws Exception {
        assertLogin(login("sb_scram", "scram-pw"), "sb_scram", "scram-sha-256:sb_scram");
    }

    @Test
    void logsInWithMd5() throws Exception {
        assertLogin(login("sb_md5", "md5-pw"), "sb_md5", "md5:sb_md5");
    }

    @Test
    void logsInWithACleartextPassword() throws Exception {
        assertLogin(login("sb_clear", "clear-pw"), "sb_clear", "password:sb_clear");
    }

    @Test
    void aWrongPasswordIs28P01() {
        for (String role : List.of("sb_scram", "sb_md5", "sb_clear")) {
            MonitorException e = assertThrows(MonitorException.class, () -> open(primary, login(role, "wrong")));
            assertEquals("28P01", e.sqlState(), e.getMessage());
            assertTrue(e.fromServer());
            assertTrue(e.getMessage().contains(role), e.getMessage());
        }
    }

    @Test
    void aPasswordRequestWithoutPasswordIsAClearError() {
        MonitorException e = assertThrows(MonitorException.class, () -> open(primary, login("sb_scram", null)));
        assertEquals("28000", e.sqlState());
        assertTrue(e.getMessage().contains("no password configured"), e.getMessage());
    }

    @Test
    void anUnknownDatabaseIs3D000() {
        MonitorSettings s = new MonitorSettings(Duration.ofMillis(100), cluster.superuser(), null, "no_such_db", TIMEOUT);
        MonitorException e = assertThrows(MonitorException.class, () -> open(primary, s));
        assertEquals("3D000", e.sqlState());
        assertTrue(e.getMessage().contains("no_such_db"), e.getMessage());
    }

    @Test
    void aFailedQueryLeavesTheSessionUsable() throws Exception {
        try (MonitorConnection c = open(primary, superuser())) {
            MonitorException e = assertThrows(MonitorException.class, () -> c.query("SELECT 1/0"));
            assertEquals("22012", e.sqlState());
            assertFalse(e.fatal());
            assertEquals(List.of(Arrays.asList(null, "x")), c.query("SELECT NULL::int, 'x'"));
            assertEquals("switchboard-monitor", c.query("SHOW application_name").get(0).get(0));
            assertEquals(List.of(), c.query(""));
        }
    }

    @Test
    void awaitLossNoticesATerminatedSession() throws Exception {
        try (MonitorConnection c = open(primary, superuser())) {
            assertFalse(c.awaitLoss(Duration.ofMillis(100)));
            assertEquals(List.of(List.of(Integer.toString(c.processId()))), c.query("SELECT pg_backend_pid()"));
            primary.execute("SELECT pg_terminate_backend(" + c.processId() + ")");
            assertTrue(c.awaitLoss(Duration.ofSeconds(60)));
            assertTrue(c.lossReason().contains("57P01"), c.lossReason());
            MonitorException e = assertThrows(MonitorException.class, () -> c.query("SELECT 1"));
            assertEquals("08006", e.sqlState());
        }
    }

    /** A host that is a directory means the node's Unix socket there, as in libpq. */
    @Test
    void theUnixSocketCarriesTheSameSession() throws Exception {
        try (MonitorConnection c = MonitorConnection.open(primary.nodeDir().toString(), primary.port(), superuser())) {
            // PostgreSQL has no server address for a session on its Unix socket.
            assertEquals(Arrays.asList(Arrays.asList((String) null)), c.query("SELECT inet_server_addr()"));
            assertFalse(c.awaitLoss(Duration.ofMillis(100)), "a wait with nothing to read ends at its limit");
            NodeObservation p = NodeProbe.read(c, "p", Clock.systemUTC());
            assertTrue(p.reachable());
            assertFalse(p.standby());
            primary.execute("SELECT pg_terminate_backend(" + c.processId() + ")");
            assertTrue(c.awaitLoss(Duration.ofSeconds(60)));
            assertTrue(c.lossReason().contains("57P01"), c.lossReason());
        }
    }

    @Test
    void closingFromAnotherThreadEndsAWaitOnTheUnixSocket() throws Exception {
        MonitorConnection c = MonitorConnection.open(primary.nodeDir().toString(), primary.port(), superuser());
        CompletableFuture<Boolean> waited = CompletableFuture.supplyAsync(() -> c.awaitLoss(Duration.ofMinutes(10)));
        Thread.sleep(200); // let the wait begin; a close before it begins must end it too
        c.close();
        assertTrue(waited.get(60, TimeUnit.SECONDS), "the wait ended as the connection closed");
        assertTrue(c.isClosed());
    }

    @Test
    void aMissingUnixSocketCannotConnect() {
        MonitorException e = assertThrows(MonitorException.class,
                () -> MonitorConnection.open(primary.nodeDir().toString(), 1, superuser()));
        assertEquals(MonitorException.CANNOT_CONNECT, e.sqlState());
        assertTrue(e.getMessage().contains(primary.nodeDir() + ":1"), e.getMessage());
    }

    private void assertLogin(MonitorSettings settings, String role, String systemUser) throws Exception {
        try (MonitorConnection c = open(primary, settings)) {
            // system_user names the method that authenticated the session, so trust cannot pass for it.
            assertEquals(List.of(List.of(role, systemUser)), c.query("SELECT current_user, system_user"));
        }
    }

    private static MonitorConnection open(PgNode node, MonitorSettings settings) throws Exception {
        return MonitorConnection.open(node.host(), node.port(), settings);
    }

    private MonitorSettings superuser() {
        return login(cluster.superuser(), null);
    }

    private static MonitorSettings login(String user, String password) {
        return new MonitorSettings(Duration.ofMillis(100), user, password, "postgres", TIMEOUT);
    }
}
