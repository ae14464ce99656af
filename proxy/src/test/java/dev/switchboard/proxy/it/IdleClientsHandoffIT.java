// IdleClientsHandoffIT: 10,000 idle asyncpg clients handed to a new process; every one still works afterwards.
package dev.switchboard.proxy.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
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
 * The packaged proxy runs as its own process with 10,000 asyncpg clients logged in and idle (transaction mode, ten
 * servers). {@code switchboard upgrade} starts a successor that takes every one of them over; then each client runs
 * a query on its same connection. The handoff's time and both processes' memory are printed, not asserted.
 */
class IdleClientsHandoffIT {
    private static final int CLIENTS = Integer.getInteger("idle.clients", 10_000);
    private static final Pattern CONNECTED = Pattern.compile("connected (\\d+)");
    private static final Pattern OK = Pattern.compile("\"ok\": (\\d+)");

    @AfterAll
    static void noLeftovers() {
        JdbcAssertions.awaitNoAppBackends();
    }

    @Test
    void tenThousandIdleClientsMoveAndAllStillWork() throws Exception {
        ExternalProgram python = ExternalProgram.systemPythonWith("asyncpg", "python3-asyncpg");
        ExternalProgram jvm = ExternalProgram.at(Path.of(System.getProperty("java.home"), "bin", "java"));
        int port = Ports.free();
        Path dir = Files.createTempDirectory("switchboard-idle-handoff");
        Path config = dir.resolve("switchboard.yaml");
        Files.writeString(config, ProxyHarness.config().mode("transaction").poolSize(10)
                .listen("port: " + port, "handoff_socket: " + dir.resolve("handoff.sock"),
                        "max_client_connections: " + (CLIENTS + 100))
                .limits("drain_grace: 60s").yaml().replace("${PRIMARY}", TestCluster.primaryAddress()));
        Map<String, String> env = Map.of("SWITCHBOARD_LOG_LEVEL", "INFO");
        String jar = ProxyProcess.jar().toString();
        List<ProcessHandle> started = new ArrayList<>();
        ExternalProgram.Running clients = null;
        try {
            ExternalProgram.Running old = jvm.start(List.of("-jar", jar, "run", "-c", config.toString()), env, dir);
            started.add(old.process().toHandle());
            old.awaitStderr(Pattern.compile("Switchboard listening on"), Duration.ofSeconds(60));

            clients = python.start(List.of(ExternalProgram.clientScript("asyncpg_idle_many.py"),
                    "postgresql://app_md5:app_md5@127.0.0.1:" + port + "/app", Integer.toString(CLIENTS), "100"), Map.of(),
                    dir);
            // md5 logins: the handoff is what is tested, and a SCRAM exchange in Python makes about 35 logins a second
            // on a slow two-core machine (ten thousand take five minutes; with md5, seconds).
            Matcher connected = clients.awaitStdout(CONNECTED, Duration.ofMinutes(5));
            assertEquals(CLIENTS, Integer.parseInt(connected.group(1)), "clients logged in\n" + clients);
            long oldRss = rssKiB(old.process().pid());

            long started0 = System.nanoTime();
            ExternalProgram.Running successor = jvm.start(List.of("-jar", jar, "upgrade", "-c", config.toString()),
                    env, dir);
            started.add(successor.process().toHandle()); // stopped too when the takeover never comes
            Matcher tookOver = successor.awaitStderr(UpgradeIT.TOOK_OVER, Duration.ofMinutes(3));
            ProcessHandle next = ProcessHandle.of(Long.parseLong(tookOver.group(1))).orElseThrow();
            started.add(next);
            assertTrue(old.process().waitFor(3, TimeUnit.MINUTES), "the old process stopped\n" + old);
            long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started0);
            Matcher done = UpgradeIT.HANDOFF_DONE.matcher(old.stderr());
            assertTrue(done.find(), "no handoff line\n" + old);
            assertEquals(Integer.toString(CLIENTS), done.group(2), "clients moved\n" + old + "\n" + successor);
            assertEquals("0", done.group(3), "clients drained instead\n" + old);
            long successorRss = rssKiB(next.pid());

            try (OutputStream in = clients.process().getOutputStream()) {
                in.write("go\n".getBytes(StandardCharsets.US_ASCII));
            }
            assertTrue(clients.process().waitFor(5, TimeUnit.MINUTES), "the clients did not finish\n" + clients);
            clients.joinReaders();
            assertEquals(0, clients.process().exitValue(), clients.toString());
            Matcher ok = OK.matcher(clients.stdout());
            assertTrue(ok.find(), clients.toString());
            assertEquals(CLIENTS, Integer.parseInt(ok.group(1)), clients.toString());
            System.out.printf("%d idle clients handed over: handoff %s ms (successor start to old exit %d ms), %s server "
                    + "connections moved; RSS of the old process with them %d MiB, of the successor once it had them "
                    + "all %d MiB; every client ran its query afterwards%n", CLIENTS, done.group(1), tookMillis,
                    done.group(4), oldRss / 1024, successorRss / 1024);
        } finally {
            // The proxies first: whatever happens to the client, no proxy outlives the test.
            for (ProcessHandle p : started) {
                p.destroyForcibly();
            }
            if (clients != null) {
                clients.kill();
            }
            try (var files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /** The resident memory of process {@code pid}, from /proc. */
    private static long rssKiB(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        throw new AssertionError("no VmRSS for pid " + pid);
    }
}
