// DemoIT: switchboard-demo.jar as `./switchboard demo` runs it: a working cluster behind the proxy, gone after SIGTERM.
package dev.switchboard.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.switchboard.proxy.it.Await;
import dev.switchboard.proxy.it.ExternalProgram;
import dev.switchboard.proxy.it.Ports;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The jar is the one the {@code package} phase builds before failsafe runs; the demo runs in its own JVM. */
class DemoIT {
    private static final Duration QUICK = Duration.ofSeconds(60);
    /** How long a stopped process may take to let go of its ports, backends and files. */
    private static final Duration GONE = Duration.ofSeconds(30);
    private static final Pattern FAILED = Pattern.compile("(?m)^number of failed transactions: (\\d+)");

    private static ExternalProgram javaLauncher;
    private static Path jar;

    @BeforeAll
    static void findJar() {
        javaLauncher = ExternalProgram.at(Path.of(System.getProperty("java.home"), "bin", "java"));
        String configured = System.getProperty("switchboard.demo.jar");
        jar = Path.of(configured != null ? configured : "target/switchboard-demo.jar").toAbsolutePath();
        if (!Files.isRegularFile(jar)) {
            fail("the demo jar is missing at " + jar + "; `mvn -B -pl demo -am package -DskipTests` builds it");
        }
    }

    private static ExternalProgram.Running startDemo(String... args) {
        List<String> all = new ArrayList<>(List.of("-jar", jar.toString()));
        all.addAll(List.of(args));
        return javaLauncher.start(all, Map.of("SWITCHBOARD_LOG_LEVEL", "INFO"), null);
    }

    @Test
    void anUnknownOptionIsAUsageError() throws Exception {
        ExternalProgram.Result r = javaLauncher.run(List.of("-jar", jar.toString(), "--frobnicate"), Map.of(), null,
                QUICK);
        assertEquals(2, r.exitCode(), r.toString());
        assertTrue(r.stderr().contains("unknown option --frobnicate") && r.stderr().contains("Usage: switchboard demo"),
                r.toString());
    }

    @Test
    void demoWithTlsPrintsAVerifyFullUrlThatPsqlAccepts() throws Exception {
        ExternalProgram psql = ExternalProgram.require("psql");
        int port = Ports.free();
        ExternalProgram.Running demo = startDemo("--tls", "--port", Integer.toString(port));
        try {
            demo.awaitStdout(Pattern.compile("Press Ctrl-C to stop"), Duration.ofSeconds(120));
            String url = demo.awaitStdout(Pattern.compile("psql \"(postgresql://[^\"]+)\""), QUICK).group(1);
            assertTrue(url.contains("sslmode=verify-full") && url.contains("sslrootcert="), url);
            ExternalProgram.Result select = psql.run(List.of("-X", "-w", "-A", "-t", "-d", url, "-c", "select 1"),
                    Map.of("PGCONNECT_TIMEOUT", "10"), null, QUICK);
            assertEquals(0, select.exitCode(), select.toString());
            ExternalProgram.Result plain = psql.run(List.of("-X", "-w", "-A", "-t", "-d",
                    url.replaceAll("\\?.*", "?sslmode=disable"), "-c", "select 1"), Map.of("PGCONNECT_TIMEOUT", "10"),
                    null, QUICK);
            assertTrue(plain.exitCode() != 0 && plain.stderr().contains("TLS is required"), plain.toString());
            Path certificates = Path.of(url.replaceAll(".*sslrootcert=", "")).getParent();
            int exit = demo.terminate(QUICK);
            assertTrue(exit == 0 || exit == 143, "exit code " + exit + " after SIGTERM\n" + demo);
            Await.until("the demo's certificates removed", GONE, () -> !Files.exists(certificates));
        } finally {
            demo.kill();
        }
    }

    @Test
    void demoStartsAWorkingClusterAndRemovesItOnSigterm() throws Exception {
        ExternalProgram psql = ExternalProgram.require("psql");
        ExternalProgram pgbench = ExternalProgram.require("pgbench");
        int port = Ports.free();
        ExternalProgram.Running demo = startDemo("--port", Integer.toString(port));
        try {
            demo.awaitStdout(Pattern.compile("Press Ctrl-C to stop"), Duration.ofSeconds(120));
            String url = demo.awaitStdout(Pattern.compile("psql \"(postgresql://[^\"]+)\""), QUICK).group(1);
            String jdbcUrl = demo.awaitStdout(Pattern.compile("JDBC: (jdbc:postgresql://\\S+)"), QUICK).group(1);
            Matcher nodes = demo.awaitStdout(
                    Pattern.compile("primary: 127\\.0\\.0\\.1:(\\d+)\\s+standby: 127\\.0\\.0\\.1:(\\d+)"), QUICK);
            int primaryPort = Integer.parseInt(nodes.group(1));
            int standbyPort = Integer.parseInt(nodes.group(2));
            assertTrue(url.contains(":" + port + "/"), url);

            Map<String, String> env = Map.of("PGCONNECT_TIMEOUT", "10");
            ExternalProgram.Result select = psql.run(List.of("-X", "-w", "-A", "-t", "-d", url, "-c", "select 1"),
                    env, null, QUICK);
            assertEquals(0, select.exitCode(), select.toString());
            assertEquals("1", select.stdout().strip(), select.toString());
            String consoleUrl = demo.awaitStdout(Pattern.compile("psql \"(postgresql://[^\"]+/pgbouncer)\""), QUICK)
                    .group(1);
            ExternalProgram.Result pools = psql.run(List.of("-X", "-w", "-A", "-d", consoleUrl, "-c", "SHOW POOLS"),
                    env, null, QUICK);
            assertEquals(0, pools.exitCode(), pools.toString());
            assertTrue(pools.stdout().startsWith("database|user|cl_active|"), pools.toString());

            ExternalProgram.Result init = pgbench.run(List.of("-i", "-q", url), env, null, QUICK);
            assertEquals(0, init.exitCode(), init.toString());
            ExternalProgram.Result run = pgbench.run(List.of("-T", "3", "-S", url), env, null, QUICK);
            assertEquals(0, run.exitCode(), run.toString());
            Matcher failed = FAILED.matcher(run.stdout());
            assertTrue(failed.find(), run.toString());
            assertEquals("0", failed.group(1), run.toString());

            try (Connection c = DriverManager.getConnection(jdbcUrl); Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("SELECT count(*) FROM pgbench_branches")) {
                assertTrue(rs.next());
                assertEquals(1, rs.getInt(1));
            }

            int exit = demo.terminate(QUICK);
            assertTrue(exit == 0 || exit == 143, "exit code " + exit + " after SIGTERM\n" + demo);
            assertTrue(demo.stdout().contains("Stopping Switchboard and PostgreSQL"), "exit " + exit + "\n" + demo);
            Await.until("the demo's proxy port " + port + " refusing connections", GONE, () -> Ports.refuses(port));
            Await.until("the demo's primary on " + primaryPort + " stopped", GONE, () -> Ports.refuses(primaryPort));
            Await.until("the demo's standby on " + standbyPort + " stopped", GONE, () -> Ports.refuses(standbyPort));
            // The data directories go too; where they were is only known from the embedded module's log line.
            Matcher initdb = Pattern.compile("initdb node0 in (\\S+)/node0/data").matcher(demo.stderr());
            if (initdb.find()) {
                Path clusterDir = Path.of(initdb.group(1));
                Await.until("the demo's cluster directory " + clusterDir + " removed", GONE,
                        () -> !Files.exists(clusterDir));
            }
        } finally {
            demo.kill();
        }
    }
}
