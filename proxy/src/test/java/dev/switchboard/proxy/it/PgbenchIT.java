// PgbenchIT: the real pgbench (many concurrent libpq sessions, simple/extended/prepared protocol) through the proxy.
package dev.switchboard.proxy.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.pooling.Pool;
import dev.switchboard.proxy.backend.ServerConn;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Initialises the pgbench tables through the proxy, then runs read-only and TPC-B-like loads with 8
 * clients on a pool of 20 (session mode: one server per client). Throughput is printed for the team,
 * never asserted; what is asserted is that no transaction failed and no server connection leaked.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PgbenchIT {
    private static final int POOL_SIZE = 20;
    private static final Pattern FAILED = Pattern.compile("(?m)^number of failed transactions: (\\d+)");
    private static final Pattern PROCESSED = Pattern.compile("(?m)^number of transactions actually processed: (\\d+)");
    private static final Pattern TPS = Pattern.compile("(?m)^tps = .*$");

    private static ExternalProgram pgbench;
    private static ProxyHarness proxy;

    @BeforeAll
    static void start() {
        pgbench = ExternalProgram.require("pgbench");
        proxy = ProxyHarness.start("""
                listen: { address: 127.0.0.1, port: 0 }
                pool: { mode: session, size: %d, wait_timeout: 10s }
                clusters:
                  main: { nodes: [ "${PRIMARY}" ] }
                databases:
                  app: { cluster: main, dbname: app }
                users:
                  - { name: app, password: app, auth: scram-sha-256 }
                """.formatted(POOL_SIZE));
        ExternalProgram.Result init = pgbench(List.of("-i", "-s", "1", "-q"), Duration.ofSeconds(60));
        assertEquals(0, init.exitCode(), init.toString());
        assertTrue(init.stderr().contains("done in"), init.toString());
        assertEquals("100000", TestCluster.get().primary().query("app", "SELECT count(*) FROM pgbench_accounts")
                .get(0).get(0));
    }

    @AfterAll
    static void stop() throws Exception {
        try {
            if (proxy != null) {
                assertNoActiveLeasesAndBoundedBackends();
                proxy.close();
            }
        } finally {
            LeakRecorder.assertNoLeaks();
        }
    }

    @Test
    @Order(1)
    void selectOnlySimpleProtocol() {
        bench("select-only, simple", "-S", "-T", "10", "-c", "8", "-j", "2");
    }

    @Test
    @Order(2)
    void tpcbLikeSimpleProtocol() {
        bench("tpc-b like, simple", "-T", "10", "-c", "8", "-j", "2");
    }

    @Test
    @Order(3)
    void selectOnlyExtendedProtocol() {
        bench("select-only, extended", "-S", "-M", "extended", "-T", "5", "-c", "8", "-j", "2");
    }

    @Test
    @Order(4)
    void selectOnlyPreparedStatements() {
        bench("select-only, prepared", "-S", "-M", "prepared", "-T", "5", "-c", "8", "-j", "2");
    }

    private static void bench(String label, String... args) {
        ExternalProgram.Result r = pgbench(List.of(args), Duration.ofSeconds(40));
        assertEquals(0, r.exitCode(), r.toString());
        assertEquals("0", group(FAILED, r), "failed transactions\n" + r);
        long processed = Long.parseLong(group(PROCESSED, r));
        assertTrue(processed > 0, "no transaction processed\n" + r);
        Matcher tps = TPS.matcher(r.stdout());
        String tpsLine = tps.find() ? tps.group() : "(no tps line)";
        System.out.println("[PgbenchIT] " + label + " (" + String.join(" ", args) + "): " + processed
                + " transactions, " + tpsLine);
    }

    private static String group(Pattern pattern, ExternalProgram.Result r) {
        Matcher m = pattern.matcher(r.stdout());
        assertTrue(m.find(), "pgbench output has no /" + pattern + "/\n" + r);
        return m.group(1);
    }

    private static ExternalProgram.Result pgbench(List<String> args, Duration timeout) {
        List<String> all = new ArrayList<>(args);
        all.add(proxy.uri("app", "app", "app"));
        return pgbench.run(all, Map.of("PGCONNECT_TIMEOUT", "10"), null, timeout);
    }

    /**
     * Once every pgbench client has gone, all leases are back, and PostgreSQL sees at most pool-size
     * sessions of the user (the pooled, idle ones).
     */
    private static void assertNoActiveLeasesAndBoundedBackends() throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (true) {
            int active = 0;
            int total = 0;
            for (Pool<ServerConn> pool : proxy.server().context().pools().pools()) {
                active += pool.activeCount();
                total += pool.totalCount();
                assertTrue(pool.totalCount() <= POOL_SIZE, pool.toString());
            }
            if (active == 0) {
                String backends = TestCluster.get().primary().query("app",
                        "SELECT count(*) FROM pg_stat_activity WHERE usename = 'app' AND backend_type = 'client backend'"
                                + " AND pid <> pg_backend_pid()").get(0).get(0);
                assertTrue(Integer.parseInt(backends) <= POOL_SIZE,
                        backends + " backends of user app on the primary, pool size " + POOL_SIZE);
                assertTrue(total > 0, "the pool kept no idle server connection: " + proxy.server().context().pools().pools());
                return;
            }
            assertTrue(System.nanoTime() < deadline, "leases still active after pgbench finished: "
                    + proxy.server().context().pools().pools());
            Thread.sleep(20);
        }
    }
}
