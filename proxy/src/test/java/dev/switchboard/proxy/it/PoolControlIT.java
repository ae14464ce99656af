// PoolControlIT: per-user client limits, per-database server limits, minimum idle and the health check, end to end.
package dev.switchboard.proxy.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

class PoolControlIT {

    @AfterAll
    static void noLeaks() {
        LeakRecorder.assertNoLeaks();
    }

    /** The default test proxy in transaction mode, pool size 5. */
    private static ProxyConfig config() {
        return ProxyHarness.config().mode("transaction").poolSize(5);
    }

    @Test
    void aUserOverItsClientLimitIsRefusedLikePostgresDoes() throws Exception {
        try (ProxyHarness proxy = config().user("app", "max_client_connections: 2").start();
             Connection one = proxy.connect("app", "app");
             Connection two = proxy.connect("app", "app")) {
            SQLException refused = JdbcAssertions.assertSqlState("53300", () -> proxy.connect("app", "app").close());
            assertTrue(refused.getMessage().contains("too many connections for role \"app\""), refused.getMessage());
            two.close();
            try (Connection three = proxy.connect("app", "app")) {
                assertEquals("1", JdbcAssertions.scalar(three, "SELECT 1"), "a slot freed by a leaving client");
            }
            assertEquals("1", JdbcAssertions.scalar(one, "SELECT 1"));
        }
    }

    @Test
    void aDatabaseLimitIsSharedByTheUsersPools() throws Exception {
        try (ProxyHarness proxy = config().pool("wait_timeout: 1s")
                .database("app", "max_server_connections: 2").start();
             Connection a = proxy.connect("app", "app");
             Connection b = proxy.connect("app_scram", "app_scram");
             Connection c = proxy.connect("app_scram", "app_scram")) {
            holdServer(a);
            holdServer(b); // two servers in use for database app, across two users' pools
            SQLException waited = JdbcAssertions.assertSqlState("53300", () -> JdbcAssertions.scalar(c, "SELECT 1"));
            assertTrue(waited.getMessage().contains("database \"app\" limit 2 reached"), waited.getMessage());
            a.rollback();
            assertEquals("1", JdbcAssertions.scalar(c, "SELECT 1"), "a server freed under the limit serves the waiter");
            b.rollback();
        }
    }

    private static void holdServer(Connection c) throws SQLException {
        c.setAutoCommit(false);
        try (Statement st = c.createStatement()) {
            st.execute("SELECT 1"); // inside a transaction: the server stays with this client
        }
    }

    @Test
    void minIdleServersAreOpenedAhead() {
        try (ProxyHarness proxy = config().pool("min_idle: 3").start()) {
            // Pools are created on first use: one client makes it, then maintenance tops it up.
            try (Connection c = proxy.connect("app", "app")) {
                JdbcAssertions.scalar(c, "SELECT 1");
            } catch (SQLException e) {
                throw new AssertionError(e);
            }
            Await.until("three idle servers", Duration.ofSeconds(15),
                    () -> proxy.idleServers() >= 3);
        }
    }

    @Test
    void anIdleServerIsHealthCheckedBeforeReuse() throws Exception {
        try (ProxyHarness proxy = config().pool("size: 1", "health_check_after_idle: 1s").start();
             Connection c = proxy.connect("app", "app")) {
            String first = JdbcAssertions.scalar(c, "SELECT pg_backend_pid()");
            Thread.sleep(1500); // let the server sit idle past health_check_after_idle (a property of the pool, not a race)
            assertEquals(first, JdbcAssertions.scalar(c, "SELECT pg_backend_pid()"), "a healthy server is reused");
            var checks = proxy.server().context().meters().find("switchboard.pool.health.checks").functionCounter();
            assertTrue(checks != null && checks.count() >= 1, "the health check ran");
        }
    }
}
