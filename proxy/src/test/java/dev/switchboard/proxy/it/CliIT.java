// CliIT: the packaged switchboard.jar as users run it (--version/--help, check-config, run, reload) in subprocesses.
package dev.switchboard.proxy.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.jar.JarFile;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The jar is the one built in the {@code package} phase (before failsafe runs), found by
 * {@link ProxyProcess#jar()}. The proxy runs in a separate JVM here, so there is no in-process netty to
 * check for leaks.
 */
class CliIT {
    private static final Duration QUICK = Duration.ofSeconds(60);
    /** How long a stopped process may take to let go of its ports, backends and files. */
    private static final Duration GONE = Duration.ofSeconds(30);

    private static ExternalProgram javaLauncher;
    private static Path jar;

    @TempDir
    Path dir;

    @BeforeAll
    static void findJar() {
        javaLauncher = ExternalProgram.at(Path.of(System.getProperty("java.home"), "bin", "java"));
        jar = ProxyProcess.jar();
    }

    private static ExternalProgram.Result switchboard(String... args) {
        List<String> all = new ArrayList<>(List.of("-jar", jar.toString()));
        all.addAll(List.of(args));
        return javaLauncher.run(all, Map.of(), null, QUICK);
    }

    private static ExternalProgram.Running startSwitchboard(String... args) {
        List<String> all = new ArrayList<>(List.of("-jar", jar.toString()));
        all.addAll(List.of(args));
        return javaLauncher.start(all, Map.of("SWITCHBOARD_LOG_LEVEL", "INFO"), null);
    }

    @Test
    void versionNamesTheProjectVersion() {
        ExternalProgram.Result r = switchboard("--version");
        assertEquals(0, r.exitCode(), r.toString());
        assertEquals("switchboard 0.1.0-SNAPSHOT", r.stdout().strip(), r.toString());
    }

    @Test
    void helpListsTheCommands() {
        ExternalProgram.Result r = switchboard("--help");
        assertEquals(0, r.exitCode(), r.toString());
        for (String command : List.of("run -c FILE", "demo", "check-config FILE", "--version")) {
            assertTrue(r.stdout().contains(command), "help does not mention " + command + "\n" + r);
        }
    }

    @Test
    void theJarHoldsTheProxyWithoutPostgresql() throws Exception {
        try (JarFile contents = new JarFile(jar.toFile())) {
            List<String> foreign = contents.stream().map(java.util.zip.ZipEntry::getName)
                    .filter(name -> name.startsWith("dev/switchboard/embedded/")
                            || name.startsWith("dev/switchboard/demo/") || name.startsWith("postgres-"))
                    .toList();
            assertEquals(List.of(), foreign, "the demo and its PostgreSQL binaries belong in switchboard-demo.jar");
            assertTrue(contents.getEntry("dev/switchboard/proxy/cli/Main.class") != null, "the proxy's entry point");
        }
    }

    @Test
    void demoSaysWhichJarRunsIt() {
        ExternalProgram.Result r = switchboard("demo");
        assertEquals(2, r.exitCode(), r.toString());
        assertTrue(r.stderr().contains("switchboard-demo.jar") && r.stderr().contains("./switchboard demo"),
                r.toString());
    }

    @Test
    void unknownCommandIsAUsageError() {
        ExternalProgram.Result r = switchboard("frobnicate");
        assertEquals(2, r.exitCode(), r.toString());
        assertTrue(r.stderr().contains("unknown command \"frobnicate\""), r.toString());
        assertTrue(r.stderr().contains("Usage: switchboard"), r.toString());
    }

    @Test
    void checkConfigAcceptsAValidFile() throws Exception {
        Path file = dir.resolve("good.yaml");
        Files.writeString(file, """
                listen: { address: 127.0.0.1, port: 6432 }
                pool: { size: 5, wait_timeout: 30s }
                clusters:
                  main: { nodes: [ "127.0.0.1:5432" ] }
                databases:
                  app: { cluster: main, dbname: app }
                users:
                  - { name: app, password: app }
                """);
        ExternalProgram.Result r = switchboard("check-config", file.toString());
        assertEquals(0, r.exitCode(), r.toString());
        assertTrue(r.stdout().contains("OK"), r.toString());
    }

    @Test
    void checkConfigNamesFileLineAndFieldOfEveryError() throws Exception {
        Path file = dir.resolve("broken.yaml");
        Files.writeString(file, """
                listen: { address: 127.0.0.1, prot: 6432 }
                pool: { wait_timeout: 30 }
                clusters:
                  main: { nodes: [ "127.0.0.1:5432" ] }
                databases:
                  app: { cluster: main }
                """);
        ExternalProgram.Result r = switchboard("check-config", file.toString());
        assertEquals(2, r.exitCode(), r.toString());
        assertTrue(r.stderr().contains(file + ":1: listen.prot: unknown key"), r.toString());
        assertTrue(r.stderr().contains(file + ":2: pool.wait_timeout: "), r.toString());
        assertEquals("", r.stdout(), r.toString());
    }

    @Test
    void runServesClientsAndStopsCleanlyOnSigterm() throws Exception {
        ExternalProgram psql = ExternalProgram.require("psql");
        int port = Ports.free();
        Path file = dir.resolve("run.yaml");
        Files.writeString(file, """
                listen: { address: 127.0.0.1, port: %d }
                pool: { size: 4 }
                clusters:
                  main: { nodes: [ "%s" ] }
                databases:
                  app: { cluster: main, dbname: app }
                users:
                  - { name: app_md5, password: app_md5, auth: scram-sha-256 }
                """.formatted(port, TestCluster.primaryAddress()));
        ExternalProgram.Running proxy = startSwitchboard("run", "-c", file.toString());
        try {
            proxy.awaitStderr(Pattern.compile("Switchboard listening on 127\\.0\\.0\\.1:" + port), QUICK);
            ExternalProgram.Result r = psql.run(List.of("-X", "-w", "-A", "-t", "-d",
                    "postgresql://app_md5:app_md5@127.0.0.1:" + port + "/app?sslmode=disable",
                    "-c", "SELECT current_user, pg_backend_pid()"), Map.of("PGCONNECT_TIMEOUT", "10"), null, QUICK);
            assertEquals(0, r.exitCode(), r.toString() + "\n" + proxy);
            String[] row = r.stdout().strip().split("\\|");
            assertEquals("app_md5", row[0], r.toString());
            String backendPid = row[1];

            int exit = proxy.terminate(QUICK);
            assertTrue(exit == 0 || exit == 143, "exit code " + exit + " after SIGTERM\n" + proxy);
            Await.until("port " + port + " refusing connections after the proxy exited", GONE,
                    () -> Ports.refuses(port));
            try (ServerSocket rebind = new ServerSocket()) {
                rebind.bind(new InetSocketAddress("127.0.0.1", port));
            }
            // The pooled server connection died with the proxy instead of lingering on PostgreSQL.
            Await.until("backend " + backendPid + " of the stopped proxy gone from PostgreSQL", GONE,
                    () -> TestCluster.get().primary().query(
                            "SELECT 1 FROM pg_stat_activity WHERE pid = " + Integer.parseInt(backendPid)).isEmpty());
        } finally {
            proxy.kill();
        }
    }

    @Test
    void reloadChecksTheFileThenSignalsTheProxyRunningWithIt() throws Exception {
        ExternalProgram psql = ExternalProgram.require("psql");
        int port = Ports.free();
        Path file = dir.resolve("reload.yaml");
        String before = """
                listen: { address: 127.0.0.1, port: %d }
                clusters:
                  main: { nodes: [ "%s" ] }
                databases:
                  app: { cluster: main, dbname: app }
                users:
                  - { name: app_md5, password: app_md5, auth: scram-sha-256 }
                """.formatted(port, TestCluster.primaryAddress());
        Files.writeString(file, before);
        ExternalProgram.Running proxy = startSwitchboard("run", "-c", file.toString());
        try {
            proxy.awaitStderr(Pattern.compile("Switchboard listening on 127\\.0\\.0\\.1:" + port), QUICK);
            // A bad file is reported here and never reaches the proxy.
            Files.writeString(file, before.replace("dbname: app }", "dbname: app, pool: { size: many } }"));
            ExternalProgram.Result bad = switchboard("reload", "-c", file.toString());
            assertEquals(2, bad.exitCode(), bad.toString());
            assertTrue(bad.stderr().contains(file + ":5: databases.app.pool.size"), bad.toString());

            Files.writeString(file, before.replace("databases:\n",
                    "databases:\n  fresh: { cluster: main, dbname: app }\n"));
            ExternalProgram.Result r = switchboard("reload", "-c", file.toString());
            assertEquals(0, r.exitCode(), r.toString());
            assertTrue(r.stdout().contains("asked pid " + proxy.process().pid()), r.toString());
            proxy.awaitStderr(Pattern.compile("SIGHUP: reloaded .*databases added: fresh"), QUICK);
            ExternalProgram.Result fresh = psql.run(List.of("-X", "-w", "-A", "-t", "-d",
                    "postgresql://app_md5:app_md5@127.0.0.1:" + port + "/fresh?sslmode=disable",
                    "-c", "SELECT 1"), Map.of("PGCONNECT_TIMEOUT", "10"), null, QUICK);
            assertEquals(0, fresh.exitCode(), fresh.toString() + "\n" + proxy);
            assertTrue(proxy.process().isAlive(), "SIGHUP reloads, it does not stop the process\n" + proxy);
        } finally {
            proxy.kill();
        }
    }

    @Test
    void theConsolesShutdownStopsTheProcessAtOnce() throws Exception {
        ExternalProgram psql = ExternalProgram.require("psql");
        int port = Ports.free();
        Path file = dir.resolve("shutdown.yaml");
        Files.writeString(file, """
                listen: { address: 127.0.0.1, port: %d }
                limits: { drain_grace: 1h }
                clusters:
                  main: { nodes: [ "%s" ] }
                databases:
                  app: { cluster: main, dbname: app }
                users:
                  - { name: app_md5, password: app_md5, auth: scram-sha-256 }
                admin_users: [ app_md5 ]
                """.formatted(port, TestCluster.primaryAddress()));
        ExternalProgram.Running proxy = startSwitchboard("run", "-c", file.toString());
        try {
            proxy.awaitStderr(Pattern.compile("Switchboard listening on 127\\.0\\.0\\.1:" + port), QUICK);
            // An idle session that a graceful stop would leave open for the hour of drain grace.
            Connection idle = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/app",
                    "app_md5", "app_md5");
            idle.createStatement().execute("SELECT 1");
            // No reply, as PgBouncer's: the connection ends with the process (psql reports that).
            psql.run(List.of("-X", "-w", "-d", "postgresql://app_md5:app_md5@127.0.0.1:" + port
                    + "/pgbouncer?sslmode=disable", "-c", "SHUTDOWN"), Map.of("PGCONNECT_TIMEOUT", "10"), null, QUICK);
            // With an hour of drain grace and a session open, only an immediate stop ends the process in time.
            assertTrue(proxy.process().waitFor(QUICK.toSeconds(), java.util.concurrent.TimeUnit.SECONDS),
                    "the process stopped\n" + proxy);
            assertEquals(0, proxy.process().exitValue(), proxy.toString());
            assertTrue(proxy.stderr().contains("SHUTDOWN"), proxy.toString());
        } finally {
            proxy.kill();
        }
    }
}
