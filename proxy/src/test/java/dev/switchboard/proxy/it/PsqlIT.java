// PsqlIT: the real psql (libpq, protocol 3.0) through the proxy — COPY, multi-statement queries, scripts, settings, auth.
package dev.switchboard.proxy.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.embedded.PgNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Everything here is what a user types at a shell; the proxy must be invisible to psql. */
class PsqlIT {
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private static ExternalProgram psql;
    private static ProxyHarness proxy;
    private static PgNode primary;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() {
        psql = ExternalProgram.require("psql");
        primary = TestCluster.get().primary();
        proxy = ProxyHarness.startDefault();
    }

    @AfterAll
    static void stop() {
        if (proxy != null) {
            proxy.close();
        }
        LeakRecorder.assertNoLeaks();
    }

    /** After every test the proxy still serves a new client and every lease has been given back. */
    @AfterEach
    void proxyStillServes() throws Exception {
        try (Connection c = proxy.connect("app", "app"); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT 42")) {
            assertTrue(rs.next());
            assertEquals(42, rs.getInt(1));
        }
        proxy.awaitLeasesReturned(Duration.ofSeconds(10));
    }

    @Test
    void copyFromAndToFilesRoundTripsTenThousandRows() throws Exception {
        StringBuilder csv = new StringBuilder();
        for (int i = 1; i <= 10_000; i++) {
            // Quotes, commas, a NULL and non-ASCII text: what CSV quoting and COPY's chunking must survive.
            String note = i % 1000 == 0 ? "" : "\"row, " + i + " says \"\"hi\"\" – ü\"";
            csv.append(i).append(',').append(note).append(',').append(i * 1.5).append('\n');
        }
        Path in = dir.resolve("in.csv");
        Path out = dir.resolve("out.csv");
        Files.writeString(in, csv, StandardCharsets.UTF_8);

        ExternalProgram.Result load = psqlRun(List.of("-c", "DROP TABLE IF EXISTS psqlit_copy",
                "-c", "CREATE TABLE psqlit_copy (id int PRIMARY KEY, note text, amount numeric)",
                "-c", "\\copy psqlit_copy FROM '" + in + "' WITH (FORMAT csv)"), Map.of());
        assertEquals(0, load.exitCode(), load.toString());
        assertTrue(load.stdout().contains("COPY 10000"), load.toString());
        assertEquals("10000", primary.query("app", "SELECT count(*) FROM psqlit_copy").get(0).get(0));
        assertEquals("10", primary.query("app", "SELECT count(*) FROM psqlit_copy WHERE note IS NULL").get(0).get(0));

        ExternalProgram.Result dump = psqlRun(List.of(
                "-c", "\\copy (SELECT * FROM psqlit_copy ORDER BY id) TO '" + out + "' WITH (FORMAT csv)"), Map.of());
        assertEquals(0, dump.exitCode(), dump.toString());
        assertTrue(dump.stdout().contains("COPY 10000"), dump.toString());
        // PostgreSQL writes numeric 1.5 as "1.5" and 3.0 as "3.0", as Java's double formatting does.
        assertEquals(Files.readString(in, StandardCharsets.UTF_8), Files.readString(out, StandardCharsets.UTF_8));
        primary.query("app", "DROP TABLE psqlit_copy");
    }

    @Test
    void multiStatementCommandShowsEveryResult() {
        ExternalProgram.Result r = psqlRun(List.of("-A", "-t",
                "-c", "SELECT 1; SELECT 2 AS two; SELECT 'three'; SELECT g FROM generate_series(4, 5) g"), Map.of());
        assertEquals(0, r.exitCode(), r.toString());
        assertEquals(List.of("1", "2", "three", "4", "5"), lines(r.stdout()), r.toString());
        assertEquals("", r.stderr(), r.toString());
    }

    @Test
    void scriptErrorWithoutOnErrorStopRunsTheRest() throws Exception {
        primary.query("app", "DROP TABLE IF EXISTS psqlit_script1; CREATE TABLE psqlit_script1 (n int); "
                + "GRANT ALL ON psqlit_script1 TO app");
        Path script = writeScript("psqlit_script1");
        ExternalProgram.Result r = psqlRun(List.of("-f", script.toString()), Map.of());
        assertEquals(0, r.exitCode(), r.toString());
        assertTrue(r.stderr().contains("ERROR:  division by zero"), r.toString());
        assertEquals(List.of(List.of("1"), List.of("3")),
                primary.query("app", "SELECT n FROM psqlit_script1 ORDER BY n"));
        primary.query("app", "DROP TABLE psqlit_script1");
    }

    @Test
    void scriptErrorWithOnErrorStopExitsThreeAndStops() throws Exception {
        primary.query("app", "DROP TABLE IF EXISTS psqlit_script2; CREATE TABLE psqlit_script2 (n int); "
                + "GRANT ALL ON psqlit_script2 TO app");
        Path script = writeScript("psqlit_script2");
        ExternalProgram.Result r = psqlRun(List.of("-v", "ON_ERROR_STOP=1", "-f", script.toString()), Map.of());
        assertEquals(3, r.exitCode(), r.toString());
        assertTrue(r.stderr().contains("ERROR:  division by zero"), r.toString());
        assertEquals(List.of(List.of("1")), primary.query("app", "SELECT n FROM psqlit_script2 ORDER BY n"));
        primary.query("app", "DROP TABLE psqlit_script2");
    }

    private Path writeScript(String table) throws Exception {
        Path script = dir.resolve(table + ".sql");
        Files.writeString(script, "INSERT INTO " + table + " VALUES (1);\n"
                + "SELECT 1 / (SELECT count(*) - 1 FROM " + table + ");\n"
                + "INSERT INTO " + table + " VALUES (3);\n");
        return script;
    }

    @Test
    void applicationNameAndOptionsFromTheEnvironmentAreApplied() {
        Map<String, String> env = Map.of("PGAPPNAME", "psqlit-app", "PGOPTIONS", "-c search_path=x");
        ExternalProgram.Result r = psqlRun(List.of("-A", "-t", "-c", "SHOW application_name",
                "-c", "SHOW search_path", "-c",
                "SELECT application_name FROM pg_stat_activity WHERE pid = pg_backend_pid()"), env);
        assertEquals(0, r.exitCode(), r.toString());
        assertEquals(List.of("psqlit-app", "x", "psqlit-app"), lines(r.stdout()), r.toString());
    }

    @Test
    void conninfoNamesTheProxy() {
        ExternalProgram.Result r = psqlRun(List.of("-c", "\\conninfo"), Map.of());
        assertEquals(0, r.exitCode(), r.toString());
        assertTrue(r.stdout().contains("You are connected to database \"app\" as user \"app\" on host \"127.0.0.1\" at port \""
                + proxy.port() + "\""), r.toString());
    }

    @Test
    void wrongPasswordIsRefusedWithPostgresMessage() {
        String uri = "postgresql://app@127.0.0.1:" + proxy.port() + "/app?sslmode=disable";
        ExternalProgram.Result bad = psql.run(List.of("-X", "-w", "-d", uri, "-c", "SELECT 1"),
                Map.of("PGPASSWORD", "not-the-password", "PGCONNECT_TIMEOUT", "10"), null, TIMEOUT);
        assertEquals(2, bad.exitCode(), bad.toString());
        assertTrue(bad.stderr().contains("password authentication failed for user \"app\""), bad.toString());

        ExternalProgram.Result good = psql.run(List.of("-X", "-w", "-A", "-t", "-d", uri, "-c", "SELECT 'in'"),
                Map.of("PGPASSWORD", "app", "PGCONNECT_TIMEOUT", "10"), null, TIMEOUT);
        assertEquals(0, good.exitCode(), good.toString());
        assertEquals(List.of("in"), lines(good.stdout()));
    }

    /** libpq's default: SSLRequest first; the proxy (no TLS configured) answers 'N' and the startup continues in clear. */
    @Test
    void sslmodePreferFallsBackToPlainConnection() {
        String uri = "postgresql://app:app@127.0.0.1:" + proxy.port() + "/app?sslmode=prefer";
        ExternalProgram.Result r = psql.run(List.of("-X", "-A", "-t", "-d", uri, "-c", "SELECT 'plain'",
                "-c", "SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()", "-c", "\\conninfo"),
                Map.of("PGCONNECT_TIMEOUT", "10"), null, TIMEOUT);
        assertEquals(0, r.exitCode(), r.toString());
        List<String> out = lines(r.stdout());
        assertEquals("plain", out.get(0), r.toString());
        assertEquals("f", out.get(1), r.toString());
        assertTrue(out.get(2).startsWith("You are connected to database \"app\""), r.toString());
        assertTrue(!r.stdout().contains("SSL connection"), r.toString());
    }

    @Test
    void sslmodeRequireIsRefusedClearlyByLibpq() {
        String uri = "postgresql://app:app@127.0.0.1:" + proxy.port() + "/app?sslmode=require";
        ExternalProgram.Result r = psql.run(List.of("-X", "-w", "-d", uri, "-c", "SELECT 1"),
                Map.of("PGCONNECT_TIMEOUT", "10"), null, TIMEOUT);
        assertNotEquals(0, r.exitCode(), r.toString());
        assertTrue(r.stderr().contains("server does not support SSL"), r.toString());
    }

    private ExternalProgram.Result psqlRun(List<String> args, Map<String, String> env) {
        List<String> all = new ArrayList<>(List.of("-X", "-w", "-d", proxy.uri("app", "app", "app")));
        all.addAll(args);
        Map<String, String> fullEnv = new HashMap<>(env);
        fullEnv.put("PGCONNECT_TIMEOUT", "10");
        return psql.run(all, fullEnv, null, TIMEOUT);
    }

    private static List<String> lines(String text) {
        return text.lines().filter(l -> !l.isEmpty()).toList();
    }
}
