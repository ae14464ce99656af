// DriverWorkloadIT: psycopg 3, asyncpg and node-postgres running concurrent mixed workloads through the proxy's pools.
package dev.switchboard.proxy.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Each script in {@code src/test/resources/clients} opens {@value #WORKERS} concurrent sessions of its
 * driver and runs rounds of SET / SHOW, server-side prepared statements, a committed transaction, a
 * failed one with ROLLBACK, and pipelining, checking every result against what PostgreSQL returns; it
 * prints one JSON line with {@code "backends"} (the distinct {@code pg_backend_pid()} values it saw) and
 * {@code "errors": [...]}, and exits 1 on any error. Every worker connects and sets up before any starts
 * its rounds, so all sessions are open at once.
 *
 * <p>Each script runs against three targets: PostgreSQL directly (proves the script itself right), the
 * session-mode proxy, and the transaction-mode proxy with fewer servers ({@value #TRANSACTION_POOL})
 * than clients — the case transaction pooling exists for: the open sessions can only be served by
 * multiplexing, every transaction may land on a different backend, and the drivers must not notice.
 * Directly and in session mode each session keeps one backend, so the workload sees exactly one per
 * worker; in transaction mode it sees no more than the pool holds.
 *
 * <p>The drivers are Debian's (python3-psycopg, python3-asyncpg, run with {@code /usr/bin/python3}, not
 * whatever python3 PATH finds) and node-postgres (Debian's node-pg or, with a non-Debian node, pg from
 * npm in {@code ~/.cache/switchboard/node}); {@code .ci/run} installs them. A missing one fails the test.
 */
class DriverWorkloadIT {
    private static final int WORKERS = 16;
    private static final int ITERATIONS = 25;
    private static final int TRANSACTION_POOL = 10;
    private static final int SESSION_POOL = WORKERS + 4;
    /** The scripts' own deadline: past it they print which step each worker is stuck in, and exit 1. */
    private static final int SCRIPT_TIMEOUT_SECONDS = 30;
    private static final Duration PROCESS_TIMEOUT = Duration.ofSeconds(SCRIPT_TIMEOUT_SECONDS + 30);
    private static final Path NPM_PG_DIR = Path.of(System.getProperty("user.home"), ".cache", "switchboard", "node");
    private static final Pattern NO_ERRORS = Pattern.compile("\"errors\":\\s*\\[\\s*]");
    private static final Pattern BACKENDS = Pattern.compile("\"backends\":\\s*(\\d+)");

    /** Where a workload's connections go. */
    enum Target { DIRECT, SESSION_PROXY, TRANSACTION_PROXY }

    private static final Map<Target, ProxyHarness> proxies = new EnumMap<>(Target.class);

    @AfterAll
    static void stop() {
        try {
            proxies.values().forEach(ProxyHarness::close);
        } finally {
            LeakRecorder.assertNoLeaks();
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Target.class)
    void psycopg(Target target) throws InterruptedException {
        ExternalProgram python = ExternalProgram.systemPythonWith("psycopg", "python3-psycopg");
        workload(target, "psycopg", python, List.of(ExternalProgram.clientScript("psycopg_workload.py")), Map.of());
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Target.class)
    void asyncpg(Target target) throws InterruptedException {
        ExternalProgram python = ExternalProgram.systemPythonWith("asyncpg", "python3-asyncpg");
        workload(target, "asyncpg", python, List.of(ExternalProgram.clientScript("asyncpg_workload.py")), Map.of());
    }

    /**
     * asyncpg's {@code prepare()} ends with Flush, not Sync, leaving PostgreSQL in an implicit transaction
     * until the session's next Sync; applications prepare at connection setup and then idle. With more
     * such idle sessions than servers, each must still be served.
     */
    @ParameterizedTest(name = "{0}")
    @EnumSource(Target.class)
    void asyncpgPrepareThenIdle(Target target) throws InterruptedException {
        ExternalProgram python = ExternalProgram.systemPythonWith("asyncpg", "python3-asyncpg");
        run(target, python, List.of(ExternalProgram.clientScript("asyncpg_prepare_idle.py")), Map.of());
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Target.class)
    void nodePostgres(Target target) throws InterruptedException {
        ExternalProgram node = ExternalProgram.require("node");
        Map<String, String> env = Map.of("NODE_PATH", nodePath());
        ExternalProgram.Result check = node.run(List.of("-e", "require('pg')"), env, null, Duration.ofSeconds(30));
        if (check.exitCode() != 0) {
            fail("node cannot load node-postgres (module 'pg') with NODE_PATH=" + nodePath()
                    + "; .ci/run installs node-pg (Debian) or pg from npm into " + NPM_PG_DIR + "\n" + check);
        }
        workload(target, "node", node, List.of(ExternalProgram.clientScript("node_pg_workload.js")), env);
    }

    /**
     * Runs one workload script and checks what it leaves: {@code schemaTag} names its workers' schemas
     * (wl_TAG_N), which it must drop at its end, and the backends it saw must fit the target.
     */
    private static void workload(Target target, String schemaTag, ExternalProgram program, List<String> scriptArgs,
            Map<String, String> env) throws InterruptedException {
        ScriptRun run = run(target, program, scriptArgs, env);
        String leftover = TestCluster.get().primary()
                .query("app", "SELECT count(*) FROM pg_namespace WHERE nspname LIKE 'wl\\_" + schemaTag + "\\_%'")
                .get(0).get(0);
        assertEquals("0", leftover, "the workers' schemas were not all dropped at their end\n" + run.result);
        Matcher backends = BACKENDS.matcher(run.summary);
        assertTrue(backends.find(), "no backend count in the summary\n" + run.result);
        int seen = Integer.parseInt(backends.group(1));
        if (target == Target.TRANSACTION_PROXY) {
            assertTrue(seen >= 1 && seen <= TRANSACTION_POOL, "the " + WORKERS + " sessions were served by " + seen
                    + " backends, not by at most the pool's " + TRANSACTION_POOL + "\n" + run.result);
        } else {
            assertEquals(WORKERS, seen, "each session should keep its own backend\n" + run.result);
        }
    }

    /** A finished script: its outcome and its JSON summary line. */
    private record ScriptRun(ExternalProgram.Result result, String summary) {
    }

    /**
     * Runs a script with (URL, workers, iterations, timeout) and asserts it succeeded without errors;
     * through a proxy, also that every lease came back and the pool stayed within its size.
     */
    private static ScriptRun run(Target target, ExternalProgram program, List<String> scriptArgs,
            Map<String, String> env) throws InterruptedException {
        List<String> args = new ArrayList<>(scriptArgs);
        args.addAll(List.of(url(target), String.valueOf(WORKERS), String.valueOf(ITERATIONS),
                String.valueOf(SCRIPT_TIMEOUT_SECONDS)));
        ExternalProgram.Result r = program.run(args, env, null, PROCESS_TIMEOUT);
        String summary = lastJsonLine(r);
        System.out.println("[DriverWorkloadIT] " + target + ": " + summary);
        assertEquals(0, r.exitCode(), r.toString());
        assertTrue(NO_ERRORS.matcher(summary).find(), "the workload reported errors\n" + r);
        assertTrue(Pattern.compile("\"workers\":\\s*" + WORKERS + "\\b").matcher(summary).find(), summary);
        if (target != Target.DIRECT) {
            int poolSize = target == Target.TRANSACTION_PROXY ? TRANSACTION_POOL : SESSION_POOL;
            assertLeasesReturned(proxies.get(target), poolSize);
        }
        return new ScriptRun(r, summary);
    }

    private static String url(Target target) {
        return switch (target) {
            case DIRECT -> "postgresql://app:app@" + TestCluster.primaryAddress() + "/app?sslmode=disable";
            case SESSION_PROXY -> proxy(target, "session", SESSION_POOL).uri("app", "app", "app");
            case TRANSACTION_PROXY -> proxy(target, "transaction", TRANSACTION_POOL).uri("app", "app", "app");
        };
    }

    /** Started on first use, so a proxy that refuses its configuration fails only the tests that need it. */
    private static ProxyHarness proxy(Target target, String mode, int size) {
        return proxies.computeIfAbsent(target,
                t -> ProxyHarness.config().mode(mode).poolSize(size).pool("wait_timeout: 10s").start());
    }

    /** /usr/bin/python3 after checking it can import {@code module}; fails naming the Debian package otherwise. */
    private static String nodePath() {
        List<String> dirs = new ArrayList<>();
        String inherited = System.getenv("NODE_PATH");
        if (inherited != null && !inherited.isEmpty()) {
            dirs.add(inherited);
        }
        dirs.add("/usr/share/nodejs"); // Debian's node-pg; Debian's own node looks here anyway, NodeSource's does not
        dirs.add(NPM_PG_DIR.resolve("node_modules").toString());
        return String.join(File.pathSeparator, dirs);
    }

    private static String lastJsonLine(ExternalProgram.Result r) {
        String[] lines = r.stdout().strip().split("\n");
        String last = lines[lines.length - 1].strip();
        if (!last.startsWith("{") || !last.contains("\"errors\"")) {
            fail("the workload printed no JSON summary as its last line\n" + r);
        }
        return last;
    }

    /** Once every client has gone, every lease is back and the pool stayed within its size. */
    private static void assertLeasesReturned(ProxyHarness proxy, int poolSize) {
        proxy.awaitLeasesReturned(Duration.ofSeconds(10));
        proxy.assertPoolsWithin(poolSize);
    }
}
