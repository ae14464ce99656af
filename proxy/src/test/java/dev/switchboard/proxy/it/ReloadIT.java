// ReloadIT: RELOAD through psql on the console while pgbench runs — a pool grows, databases come and go, a password changes, a node comes and goes.
package dev.switchboard.proxy.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.config.SwitchboardConfig;
import dev.switchboard.pooling.Pool;
import dev.switchboard.proxy.backend.ServerConn;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The proxy reloads the file it was given; the tests rewrite that file and ask for RELOAD as an operator would, each
 * from where the one before left the file.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ReloadIT {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final Pattern FAILED = Pattern.compile("(?m)^number of failed transactions: (\\d+)");
    private static final Pattern PROCESSED = Pattern.compile("(?m)^number of transactions actually processed: (\\d+)");

    @TempDir
    static Path dir;
    private static Path file;
    private static ProxyHarness proxy;

    /**
     * Transaction mode, pool size 2, the console open to app_md5; {@code doomed} exists only before the reload, and
     * afterwards pgbench's user app logs in with another password (PostgreSQL's stays).
     */
    private static ProxyConfig before() {
        return ProxyHarness.config().mode("transaction").poolSize(2).pool("wait_timeout: 30s")
                .database("doomed", "cluster: main", "dbname: app")
                .top("admin_users", "[ app_md5 ]");
    }

    private static ProxyConfig after() {
        ProxyConfig after = ProxyHarness.config().mode("transaction").poolSize(2).pool("wait_timeout: 30s")
                .database("app", "pool: { size: 6 }")
                .database("fresh", "cluster: main", "dbname: app")
                .user("app", "password: rotated", "backend_password: app")
                .top("admin_users", "[ app_md5 ]");
        return after;
    }

    private static void write(ProxyConfig config) throws Exception {
        Files.writeString(file, config.yaml().replace("${PRIMARY}", TestCluster.primaryAddress()));
    }

    @BeforeAll
    static void start() throws Exception {
        file = dir.resolve("switchboard.yaml");
        proxy = before().start();
        write(before());
        proxy.server().context().reloader().source(file);
    }

    @AfterAll
    static void stop() {
        if (proxy != null) {
            proxy.close();
        }
        LeakRecorder.assertNoLeaks();
    }

    @Test
    @Order(1)
    void reloadUnderLoadResizesAddsRemovesAndChangesAPassword() throws Exception {
        Path script = dir.resolve("select.sql");
        Files.writeString(script, "SELECT pg_sleep(0.002);\n");
        ExternalProgram.Running bench = ExternalProgram.require("pgbench").start(List.of("-n", "-f", script.toString(),
                "-c", "8", "-j", "2", "-T", "12", "-P", "1", proxy.uri("app", "app", "app")),
                Map.of("PGCONNECT_TIMEOUT", "30"), null);
        try (Connection leaving = connect("doomed", "app_md5", "app_md5")) {
            leaving.createStatement().execute("SELECT 1");
            bench.awaitStderr(Pattern.compile("(?m)^progress: 3\\.0 s"), WAIT);
            assertTrue(!appPools().isEmpty() && appPools().stream().allMatch(p -> p.settings().maxSize() == 2),
                    "pools of size 2 before");

            write(after());
            ExternalProgram.Result reload = psql("RELOAD");
            assertEquals(0, reload.exitCode(), reload.toString());

            assertTrue(appPools().stream().allMatch(p -> p.settings().maxSize() == 6), "pools of size 6 after");
            // Eight pgbench clients on a pool of two: once it may, the pool opens more for them.
            Await.until("the pool of app above its old size", WAIT,
                    () -> appPools().stream().anyMatch(p -> p.totalCount() > 2));
            // A removed database: its client carries on, a new login is refused as PostgreSQL refuses it.
            leaving.createStatement().execute("SELECT 1");
            SQLException refused = assertThrows(SQLException.class, () -> connect("doomed", "app_md5", "app_md5"));
            assertEquals("3D000", refused.getSQLState(), refused.getMessage());
            try (Connection added = connect("fresh", "app_md5", "app_md5")) {
                added.createStatement().execute("SELECT 1");
            }
            SQLException oldPassword = assertThrows(SQLException.class, () -> connect("app", "app", "app"));
            assertEquals("28P01", oldPassword.getSQLState(), oldPassword.getMessage());
            try (Connection rotated = connect("app", "app", "rotated")) {
                rotated.createStatement().execute("SELECT 1");
            }
        }
        assertTrue(bench.process().waitFor(WAIT.toSeconds(), TimeUnit.SECONDS), "pgbench did not finish\n" + bench);
        int exit = bench.terminate(Duration.ofSeconds(10));
        assertEquals(0, exit, bench.toString());
        Matcher failed = FAILED.matcher(bench.stdout());
        assertTrue(failed.find(), bench.toString());
        assertEquals("0", failed.group(1), bench.toString());
        Matcher processed = PROCESSED.matcher(bench.stdout());
        assertTrue(processed.find() && Long.parseLong(processed.group(1)) > 0, bench.toString());
        assertTrue(bench.stderr().lines().noneMatch(l -> l.contains("client ") && l.contains("abort")),
                bench.toString());
    }

    @Test
    @Order(2)
    void aKeyBoundAtStartIsNamedInShowConfigAndKeepsItsValue() throws Exception {
        write(after().limits("stall_timeout: 7s"));
        ExternalProgram.Result reload = psql("RELOAD");
        assertEquals(0, reload.exitCode(), reload.toString());
        ExternalProgram.Result config = psql("SHOW CONFIG");
        assertTrue(config.stdout().lines().anyMatch(l -> l.equals("restart_pending|limits||no")), config.toString());
        assertNotEquals(Duration.ofSeconds(7), proxy.server().context().config().limits().stallTimeout());
    }

    @Test
    @Order(3)
    void aBrokenFileKeepsTheRunningConfigurationAndNamesTheLine() throws Exception {
        SwitchboardConfig running = proxy.server().context().config();
        String good = Files.readString(file);
        String broken = good.replaceFirst("size: (\\d+)", "size: lots");
        assertNotEquals(good, broken);
        Files.writeString(file, broken);
        int line = (int) broken.lines().takeWhile(l -> !l.contains("size: lots")).count() + 1;
        try {
            ExternalProgram.Result reload = psql("RELOAD");
            assertNotEquals(0, reload.exitCode(), reload.toString());
            assertTrue(reload.stderr().contains("RELOAD failed"), reload.toString());
            assertTrue(reload.stderr().contains(file + ":" + line), "names " + file + ":" + line + "\n" + reload);
            assertSame(running, proxy.server().context().config());
        } finally {
            Files.writeString(file, good);
        }
    }

    @Test
    @Order(4)
    void aNodeAddedUnderLoadIsMonitoredAndARemovedOneRetires() throws Exception {
        dev.switchboard.embedded.PgNode standby = TestCluster.get().standbys().get(0);
        String node = standby.host() + ":" + standby.port();
        ProxyConfig base = after().limits("stall_timeout: 7s");
        Path script = dir.resolve("select.sql");
        ExternalProgram.Running bench = ExternalProgram.require("pgbench").start(List.of("-n", "-f", script.toString(),
                "-c", "8", "-j", "2", "-T", "10", "-P", "1", proxy.uri("app", "rotated", "app")),
                Map.of("PGCONNECT_TIMEOUT", "30"), null);
        bench.awaitStderr(Pattern.compile("(?m)^progress: 3\\.0 s"), WAIT);

        write(base.cluster("main", "nodes: [ \"${PRIMARY}\", \"" + node + "\" ]"));
        ExternalProgram.Result added = psql("RELOAD");
        assertEquals(0, added.exitCode(), added.toString());
        Await.until("the added node read as an up standby", WAIT, () -> psql("SHOW TOPOLOGY").stdout().lines()
                .anyMatch(l -> l.startsWith("main|" + node + "|standby|up|")));

        write(after().limits("stall_timeout: 7s"));
        ExternalProgram.Result removed = psql("RELOAD");
        assertEquals(0, removed.exitCode(), removed.toString());
        Await.until("the removed node retired", WAIT, () -> psql("SHOW TOPOLOGY").stdout().lines()
                .anyMatch(l -> l.startsWith("main|" + node + "|") && l.contains("|retired|")));

        assertTrue(bench.process().waitFor(WAIT.toSeconds(), TimeUnit.SECONDS), "pgbench did not finish\n" + bench);
        int exit = bench.terminate(Duration.ofSeconds(10));
        Matcher failed = FAILED.matcher(bench.stdout());
        assertTrue(failed.find(), bench.toString());
        Matcher processed = PROCESSED.matcher(bench.stdout());
        assertTrue(processed.find(), bench.toString());
        System.out.println("[reload] node " + node + " added and removed under pgbench -c 8: " + processed.group(1)
                + " transactions, failed " + failed.group(1) + ", exit " + exit);
        assertEquals(0, exit, bench.toString());
        assertEquals("0", failed.group(1), bench.toString());
    }

    private static List<Pool<ServerConn>> appPools() {
        return proxy.server().context().allPools().stream().filter(p -> p.key().database().equals("app")).toList();
    }

    private static ExternalProgram.Result psql(String command) {
        return ExternalProgram.require("psql").run(List.of("-X", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-c", command,
                proxy.uri("app_md5", "app_md5", "pgbouncer")), Map.of(), null, Duration.ofSeconds(30));
    }

    private static Connection connect(String database, String user, String password) throws SQLException {
        return DriverManager.getConnection(proxy.jdbcUrl(database), user, password);
    }
}
