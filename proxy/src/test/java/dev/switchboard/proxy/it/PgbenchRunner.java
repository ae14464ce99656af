// PgbenchRunner: runs the real pgbench through a test proxy and checks what every pgbench IT relies on.
package dev.switchboard.proxy.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Figures are printed, never asserted; what is asserted is that no transaction failed and that, once
 * pgbench is gone, no server connection is leased and PostgreSQL sees at most pool-size sessions.
 */
final class PgbenchRunner {
    private static final Pattern FAILED = Pattern.compile("(?m)^number of failed transactions: (\\d+)");
    private static final Pattern PROCESSED = Pattern.compile("(?m)^number of transactions actually processed: (\\d+)");
    private static final Pattern TPS = Pattern.compile("(?m)^tps = .*$");

    private final ExternalProgram pgbench = ExternalProgram.require("pgbench");
    private final ProxyHarness proxy;
    private final int poolSize;
    private final String label;

    /** A proxy in {@code mode} with one pool of {@code poolSize} for user app on database app. */
    PgbenchRunner(String label, String mode, int poolSize, Duration waitTimeout) {
        this.label = label;
        this.poolSize = poolSize;
        this.proxy = ProxyHarness.config().mode(mode).poolSize(poolSize)
                .pool("wait_timeout: " + waitTimeout.toSeconds() + "s").start();
    }

    ProxyHarness proxy() {
        return proxy;
    }

    /** pgbench -i -s 1 through the proxy. */
    void initialize() {
        ExternalProgram.Result init = run(List.of("-i", "-s", "1", "-q"), Duration.ofSeconds(120));
        assertEquals(0, init.exitCode(), init.toString());
        assertTrue(init.stderr().contains("done in"), init.toString());
        assertEquals("100000", TestCluster.get().primary().query("app", "SELECT count(*) FROM pgbench_accounts")
                .get(0).get(0));
    }

    /** One run; exit 0, 0 failed transactions, some processed. */
    void bench(String what, Duration timeout, String... args) {
        ExternalProgram.Result r = run(List.of(args), timeout);
        assertEquals(0, r.exitCode(), r.toString());
        assertEquals("0", group(FAILED, r), "failed transactions\n" + r);
        long processed = Long.parseLong(group(PROCESSED, r));
        assertTrue(processed > 0, "no transaction processed\n" + r);
        Matcher tps = TPS.matcher(r.stdout());
        String tpsLine = tps.find() ? tps.group() : "(no tps line)";
        System.out.println("[" + label + "] " + what + " (" + String.join(" ", args) + "): " + processed
                + " transactions, " + tpsLine);
    }

    private static String group(Pattern pattern, ExternalProgram.Result r) {
        Matcher m = pattern.matcher(r.stdout());
        assertTrue(m.find(), "pgbench output has no /" + pattern + "/\n" + r);
        return m.group(1);
    }

    private ExternalProgram.Result run(List<String> args, Duration timeout) {
        List<String> all = new ArrayList<>(args);
        all.add(proxy.uri("app", "app", "app"));
        return pgbench.run(all, Map.of("PGCONNECT_TIMEOUT", "30"), null, timeout);
    }

    /** Checks that everything went back to the pools, then stops the proxy. */
    void close() throws InterruptedException {
        try {
            assertNoActiveLeasesAndBoundedBackends();
        } finally {
            proxy.close();
        }
    }

    private void assertNoActiveLeasesAndBoundedBackends() {
        proxy.awaitLeasesReturned(Duration.ofSeconds(10));
        proxy.assertPoolsWithin(poolSize);
        String backends = TestCluster.get().primary().query("app",
                "SELECT count(*) FROM pg_stat_activity WHERE usename = 'app' AND backend_type = 'client backend'"
                        + " AND datname = 'app' AND pid <> pg_backend_pid()").get(0).get(0);
        assertTrue(Integer.parseInt(backends) <= poolSize,
                backends + " backends of user app on the primary, pool size " + poolSize);
        assertTrue(proxy.idleServers() > 0, "the pool kept no idle server connection: "
                + proxy.server().context().allPools());
    }
}
