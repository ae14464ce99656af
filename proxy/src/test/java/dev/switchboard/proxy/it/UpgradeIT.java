// UpgradeIT: `switchboard upgrade` three times under pgbench: no failed transaction, no aborted client.
package dev.switchboard.proxy.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * The packaged proxy runs as its own process; pgbench (prepared statements, transaction mode, more clients than
 * servers) runs through it while a new process takes over from it three times, each started as an operator would,
 * with {@code switchboard upgrade -c FILE}. Every old process exits 0 by itself; pgbench sees no error at all.
 */
class UpgradeIT {
    private static final Pattern HANDOFF_DONE = Pattern.compile("handoff done in (\\d+) ms: (\\d+) clients moved, (\\d+) stay");
    private static final Pattern FAILED = Pattern.compile("(?m)^number of failed transactions: (\\d+)");
    private static final Pattern PROCESSED = Pattern.compile("(?m)^number of transactions actually processed: (\\d+)");

    @AfterAll
    static void noLeftovers() {
        JdbcAssertions.awaitNoAppBackends();
    }

    @Test
    void pgbenchRunsThroughThreeUpgradesWithoutAnError() throws Exception {
        ExternalProgram pgbench = ExternalProgram.require("pgbench");
        ExternalProgram jvm = ExternalProgram.at(Path.of(System.getProperty("java.home"), "bin", "java"));
        int port = freePort();
        Path dir = Files.createTempDirectory("switchboard-upgrade");
        Path config = dir.resolve("switchboard.yaml");
        Files.writeString(config, ProxyHarness.config().mode("transaction").poolSize(10)
                .listen("port: " + port, "handoff_socket: " + dir.resolve("handoff.sock"))
                .limits("drain_grace: 20s").yaml().replace("${PRIMARY}", TestCluster.primaryAddress()));
        Map<String, String> env = Map.of("SWITCHBOARD_LOG_LEVEL", "INFO");
        String jar = ProxyProcess.jar().toString();
        String uri = "postgresql://app:app@127.0.0.1:" + port + "/app";
        List<ExternalProgram.Running> processes = new ArrayList<>();
        ExternalProgram.Running bench = null;
        try {
            ExternalProgram.Running running = jvm.start(List.of("-jar", jar, "run", "-c", config.toString()), env, dir);
            processes.add(running);
            running.awaitStderr(Pattern.compile("Switchboard listening on"), Duration.ofSeconds(60));
            ExternalProgram.Result init = pgbench.run(List.of("-i", "-s", "1", "-q", uri), Map.of(), null,
                    Duration.ofSeconds(120));
            assertEquals(0, init.exitCode(), init.toString());

            // One thread per client: pgbench prepares with a blocking call, so with fewer servers than a thread's
            // clients its own transactions, idle in their blocks, would hold every server while it waits.
            bench = pgbench.start(List.of("-M", "prepared", "-c", "50", "-j", "50", "-T", "40", uri),
                    Map.of("PGCONNECT_TIMEOUT", "30"), dir);
            for (int upgrade = 1; upgrade <= 3; upgrade++) {
                Thread.sleep(8_000);
                ExternalProgram.Running next = jvm.start(List.of("-jar", jar, "upgrade", "-c", config.toString()),
                        env, dir);
                processes.add(next);
                next.awaitStderr(Pattern.compile("took over from the running process"), Duration.ofSeconds(60));
                assertTrue(running.process().waitFor(60, TimeUnit.SECONDS), "the old process did not stop\n" + running);
                assertEquals(0, running.process().exitValue(), running.toString());
                Matcher done = HANDOFF_DONE.matcher(running.stderr());
                assertTrue(done.find(), running.toString());
                System.out.printf("upgrade %d: handoff took %s ms, %s clients moved, %s stayed%n", upgrade,
                        done.group(1), done.group(2), done.group(3));
                assertEquals("0", done.group(3), "clients that had to be drained\n" + running);
                running = next;
            }
            assertTrue(bench.process().waitFor(120, TimeUnit.SECONDS), "pgbench did not finish\n" + bench);
            String out = bench.stdout();
            assertEquals(0, bench.process().exitValue(), bench.toString());
            Matcher failed = FAILED.matcher(out);
            assertTrue(failed.find(), bench.toString());
            assertEquals("0", failed.group(1), "failed transactions\n" + bench);
            assertFalse(bench.stderr().contains("aborted"), "aborted clients\n" + bench);
            Matcher processed = PROCESSED.matcher(out);
            assertTrue(processed.find(), bench.toString());
            System.out.println("pgbench through three upgrades: " + processed.group(1) + " transactions, 0 failed");
        } finally {
            if (bench != null) {
                bench.kill();
            }
            for (ExternalProgram.Running p : processes) {
                p.kill();
            }
            try (var files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
