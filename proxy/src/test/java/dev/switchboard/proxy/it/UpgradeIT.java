// UpgradeIT: `switchboard upgrade` three times under pgbench: no failed transaction, no aborted client.
package dev.switchboard.proxy.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
 * servers) and 20 session-mode pgJDBC clients (a SET, a prepared statement and a LISTEN each) run through it while
 * a new process takes over from it three times, each started as an operator would, with
 * {@code switchboard upgrade -c FILE} (the second time with {@code kill -USR2}). Every old process exits by itself;
 * pgbench sees no error at all, and every session stays on its backend and hears every notification once. A successor with a broken configuration is refused before it touches
 * anything.
 */
class UpgradeIT {
    /** The old process's last line of a handoff: time, clients moved, clients staying, server connections moved. */
    static final Pattern HANDOFF_DONE = Pattern.compile(
            "handoff done in (\\d+) ms: (\\d+) clients moved, (\\d+) stay to be drained; (\\d+) server connections moved");
    /** The successor's line once it has taken over, with its pid. */
    static final Pattern TOOK_OVER = Pattern.compile("took over from the running process \\(this is pid (\\d+)\\)");
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
        int port = Ports.free();
        Path dir = Files.createTempDirectory("switchboard-upgrade");
        Path config = dir.resolve("switchboard.yaml");
        Files.writeString(config, ProxyHarness.config().mode("transaction").poolSize(10)
                .database("app_session", "cluster: main", "dbname: app", "pool: { mode: session, size: 25 }")
                .listen("port: " + port, "handoff_socket: " + dir.resolve("handoff.sock"))
                .limits("drain_grace: 20s").yaml().replace("${PRIMARY}", TestCluster.primaryAddress()));
        // The signal HotSpot would take for itself is moved away, as the launcher does, so SIGUSR2 is the proxy's.
        Map<String, String> env = Map.of("SWITCHBOARD_LOG_LEVEL", "INFO", "_JAVA_SR_SIGNUM", "41");
        String jar = ProxyProcess.jar().toString();
        String uri = "postgresql://app:app@127.0.0.1:" + port + "/app";
        List<ProcessHandle> started = new ArrayList<>();
        ExternalProgram.Running bench = null;
        ListeningSessions sessions = null;
        Thread notifier = null;
        try {
            ExternalProgram.Running output = jvm.start(List.of("-jar", jar, "run", "-c", config.toString()), env, dir);
            List<ExternalProgram.Running> proxies = new ArrayList<>(List.of(output));
            ProcessHandle running = output.process().toHandle();
            started.add(running);
            output.awaitStderr(Pattern.compile("Switchboard listening on"), Duration.ofSeconds(60));
            ExternalProgram.Result init = pgbench.run(List.of("-i", "-s", "1", "-q", uri), Map.of(), null,
                    Duration.ofSeconds(120));
            assertEquals(0, init.exitCode(), init.toString());

            Path broken = dir.resolve("broken.yaml");
            Files.writeString(broken, "listen: { port: not-a-port }\n");
            ExternalProgram.Result refused = jvm.run(List.of("-jar", jar, "upgrade", "-c", broken.toString()), env,
                    null, Duration.ofSeconds(60));
            assertEquals(2, refused.exitCode(), "a bad configuration is refused before anything is touched\n" + refused);

            // One thread per client: pgbench prepares with a blocking call, so with fewer servers than a thread's
            // clients its own transactions, idle in their blocks, would hold every server while it waits.
            bench = pgbench.start(List.of("-M", "prepared", "-c", "50", "-j", "50", "-T", "60", uri),
                    Map.of("PGCONNECT_TIMEOUT", "30"), dir);
            // Beside it, session-mode pgJDBC clients with a SET, a prepared statement and a LISTEN each, and
            // notifications for them sent straight to PostgreSQL all along.
            sessions = ListeningSessions.start(port, "app_session", 20);
            ListeningSessions listening = sessions;
            notifier = new Thread(() -> {
                try {
                    while (!Thread.currentThread().isInterrupted()) {
                        listening.notifyAll(TestCluster.get());
                        Thread.sleep(250);
                    }
                } catch (InterruptedException | RuntimeException stop) {
                    // interrupted, possibly in the middle of a NOTIFY that was then not sent (and not counted)
                }
            }, "notifier");
            notifier.start();
            Thread.sleep(4_000);
            java.util.Set<String> backendsBefore = JdbcAssertions.appBackendPids();
            for (int upgrade = 1; upgrade <= 3; upgrade++) {
                Thread.sleep(upgrade == 1 ? 4_000 : 8_000);
                int tookOverBefore = count(TOOK_OVER, output.stderr());
                ExternalProgram.Running shell = null;
                if (upgrade == 2) {
                    // As an operator would signal it: the running process starts its successor itself, which
                    // writes to the same output.
                    ExternalProgram.Result kill = ExternalProgram.require("kill").run(
                            List.of("-USR2", Long.toString(running.pid())), Map.of(), null, Duration.ofSeconds(10));
                    assertEquals(0, kill.exitCode(), kill.toString());
                } else {
                    shell = jvm.start(List.of("-jar", jar, "upgrade", "-c", config.toString()), env, dir);
                }
                ExternalProgram.Running successorOutput = shell != null ? shell : output;
                int earlier = shell != null ? 0 : tookOverBefore; // lines of earlier successors in a shared output
                Matcher tookOver = Await.value(() -> "a successor taking over\n" + successorOutput,
                        Duration.ofSeconds(60), () -> {
                            Matcher m = TOOK_OVER.matcher(successorOutput.stderr());
                            int seen = 0;
                            while (m.find()) {
                                if (++seen > earlier) {
                                    return m;
                                }
                            }
                            return null;
                        });
                ProcessHandle next = ProcessHandle.of(Long.parseLong(tookOver.group(1))).orElseThrow();
                started.add(next);
                assertTrue(running.onExit().get(60, TimeUnit.SECONDS) != null, "the old process stopped");
                Matcher done = last(HANDOFF_DONE, output.stderr());
                System.out.printf("upgrade %d (%s): handoff took %s ms, %s clients moved, %s stayed, %s server "
                        + "connections moved%n", upgrade, upgrade == 2 ? "kill -USR2" : "switchboard upgrade",
                        done.group(1), done.group(2), done.group(3), done.group(4));
                assertEquals("0", done.group(3), "clients that had to be drained\n" + output);
                assertTrue(Integer.parseInt(done.group(2)) > 0, "no client moved\n" + output + "\n" + bench);
                assertTrue(Integer.parseInt(done.group(4)) > 0, "no server connection moved\n" + output);
                running = next;
                if (shell != null) {
                    output = shell;
                    proxies.add(shell);
                }
            }
            notifier.interrupt();
            notifier.join(30_000);
            System.out.println("session-mode clients through three upgrades: " + sessions.stop());
            java.util.Set<String> backendsAfter = JdbcAssertions.appBackendPids();
            java.util.Set<String> kept = new java.util.HashSet<>(backendsAfter);
            kept.retainAll(backendsBefore);
            System.out.printf("PostgreSQL backends of the pool before the upgrades: %d, after: %d, the same: %d%n",
                    backendsBefore.size(), backendsAfter.size(), kept.size());
            assertTrue(!kept.isEmpty(), "no backend survived the upgrades: " + backendsBefore + " / " + backendsAfter);
            assertTrue(bench.process().waitFor(120, TimeUnit.SECONDS), "pgbench did not finish\n" + bench);
            bench.joinReaders(); // its summary may still be on its way from the pipe
            String out = bench.stdout();
            assertEquals(0, bench.process().exitValue(), bench + "\n--- what the proxies logged:\n" + proxies);
            Matcher failed = FAILED.matcher(out);
            assertTrue(failed.find(), bench.toString());
            assertEquals("0", failed.group(1), "failed transactions\n" + bench);
            assertFalse(bench.stderr().contains("aborted"), "aborted clients\n" + bench);
            Matcher processed = PROCESSED.matcher(out);
            assertTrue(processed.find(), bench.toString());
            System.out.println("pgbench through three upgrades: " + processed.group(1) + " transactions, 0 failed");
        } finally {
            if (notifier != null) {
                notifier.interrupt();
            }
            if (sessions != null) {
                sessions.close();
            }
            if (bench != null) {
                bench.kill();
            }
            for (ProcessHandle p : started) {
                p.destroyForcibly();
            }
            try (var files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static int count(Pattern pattern, String text) {
        Matcher m = pattern.matcher(text);
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }

    /** The last match in {@code text}: several processes may have written to one output. */
    private static Matcher last(Pattern pattern, String text) {
        Matcher m = pattern.matcher(text);
        int n = count(pattern, text);
        assertTrue(n > 0, "no /" + pattern + "/ in\n" + text);
        for (int i = 0; i < n; i++) {
            m.find();
        }
        return m;
    }

}
