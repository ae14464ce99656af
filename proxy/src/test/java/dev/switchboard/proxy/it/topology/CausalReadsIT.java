// CausalReadsIT: a commit position carried from one Switchboard instance to another: every read sees its write.
package dev.switchboard.proxy.it.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.proxy.it.ProxyHarness;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.postgresql.PGConnection;

/**
 * Two Switchboard instances in front of one cluster (a primary and two standbys). A pgJDBC client writes through
 * instance A with {@code switchboard.commit_lsn} on (given in {@code options}), takes the position A reports
 * before the INSERT's ReadyForQuery, and on a connection to instance B's {@code read-only} database runs
 * {@code SET switchboard.min_lsn} with it and reads the row back. Every read must see its row; the share the
 * standbys served is printed. {@code -Dcausal.iterations=N} sets the number of rounds: 2,000 in the suite (it
 * shares two cores with PostgreSQL); {@code -Dcausal.iterations=10000} for the full run. The same works through
 * session-mode databases: a session's server is kept only when it has the position, so a SET it does not have is
 * refused (and counted), and a new session started with the position lands on a server that has it.
 */
class CausalReadsIT {
    private static final int ITERATIONS = Integer.getInteger("causal.iterations", 2_000);
    private static final Pattern POSITION = Pattern.compile("[0-9]+/[0-9A-F]{1,8}/[0-9A-F]{1,8}");

    /* As in ReadYourWritesIT: commits flushed at once, so that standbys are a replay away, not a WAL writer delay. */
    @RegisterExtension
    static final TopologyFixture fixture = TopologyFixture.perClass(2, Map.of("synchronous_commit", "on"));

    private static ProxyHarness instanceB;

    @BeforeAll
    static void setUp() {
        fixture.primary().query("app", "CREATE TABLE causal (id int PRIMARY KEY, v text NOT NULL)");
        fixture.cluster().awaitStandbysCaughtUp();
        fixture.startProxy("{ mode: transaction, size: 4 }", "app: { cluster: main, dbname: app, target: read-write }");
        String nodes = fixture.cluster().nodes().stream().map(n -> "\"" + TopologyFixture.nodeId(n) + "\"")
                .collect(Collectors.joining(", "));
        instanceB = ProxyHarness.start("""
                listen: { address: 127.0.0.1, port: 0 }
                pool: { mode: transaction, size: 4 }
                clusters:
                  main:
                    nodes: [ %s ]
                    monitor: { interval: 100ms, user: %s }
                databases:
                  app_ro: { cluster: main, dbname: app, target: read-only, replay_wait: 1s }
                  app_s: { cluster: main, dbname: app, target: read-write, pool: { mode: session } }
                  app_ro_s: { cluster: main, dbname: app, target: read-only, replay_wait: 1s, pool: { mode: session } }
                users:
                  - { name: app, password: app, auth: scram-sha-256 }
                """.formatted(nodes, fixture.cluster().superuser()));
    }

    @AfterAll
    static void tearDown() {
        if (instanceB != null) {
            instanceB.close();
        }
    }

    private static Connection connect(String url, String options) throws SQLException {
        return connect(url, options, new Properties());
    }

    private static Connection connect(String url, String options, Properties props) throws SQLException {
        props.setProperty("user", "app");
        props.setProperty("password", "app");
        props.setProperty("socketTimeout", Integer.toString(TopologyFixture.SOCKET_TIMEOUT_SECONDS));
        if (options != null) {
            props.setProperty("options", options);
        }
        return DriverManager.getConnection(url, props);
    }

    @Test
    void aPositionFromInstanceAMakesReadsOnInstanceBSeeTheWrite() throws SQLException {
        int misses = 0;
        int onStandbys = 0;
        List<String> firstMisses = new ArrayList<>();
        long start = System.nanoTime();
        try (Connection a = connect(fixture.proxy().jdbcUrl("app"), "-c switchboard.commit_lsn=on");
             Connection b = connect(instanceB.jdbcUrl("app_ro"), null);
             PreparedStatement insert = a.prepareStatement("INSERT INTO causal (id, v) VALUES (?, ?)");
             Statement set = b.createStatement();
             PreparedStatement select = b.prepareStatement(
                     "SELECT (SELECT v FROM causal WHERE id = ?), pg_is_in_recovery(), inet_server_port()")) {
            PGConnection pgA = a.unwrap(PGConnection.class);
            assertEquals("commit_lsn", pgA.getParameterStatus("switchboard.extensions"));
            String previous = null;
            for (int id = 0; id < ITERATIONS; id++) {
                insert.setInt(1, id);
                insert.setString(2, "v" + id);
                insert.executeUpdate();
                String position = pgA.getParameterStatus("switchboard.commit_lsn");
                assertNotNull(position, "no switchboard.commit_lsn after the insert");
                assertTrue(POSITION.matcher(position).matches(), position);
                assertTrue(!position.equals(previous), "every commit reports its own position: " + position);
                previous = position;
                set.execute("SET switchboard.min_lsn = '" + position + "'");
                select.setInt(1, id);
                try (ResultSet rs = select.executeQuery()) {
                    rs.next();
                    if (rs.getString(1) == null) {
                        misses++;
                        if (firstMisses.size() < 5) {
                            firstMisses.add("id " + id + " at " + position + " on port " + rs.getInt(3));
                        }
                    }
                    if (rs.getBoolean(2)) {
                        onStandbys++;
                    }
                }
            }
            try (ResultSet rs = set.executeQuery("SHOW switchboard.min_lsn")) {
                rs.next();
                assertEquals(previous, rs.getString(1));
            }
        }
        long millis = (System.nanoTime() - start) / 1_000_000;
        System.out.println("[causal reads] " + ITERATIONS + " writes through instance A read back through instance B in "
                + millis + " ms: " + misses + " misses; " + onStandbys + " reads on standbys, "
                + (ITERATIONS - onStandbys) + " on the primary (" + Math.round(100.0 * onStandbys / ITERATIONS)
                + "% on standbys)");
        assertEquals(0, misses, "reads that did not see the write their position named; first ones: " + firstMisses);
        assertTrue(onStandbys > 0, "no read was served by a standby");
    }

    @Test
    void sessionModeDatabasesReportPositionsAndKeepReadsBehindThem() throws SQLException {
        int rounds = Math.max(50, ITERATIONS / 10);
        int refused = 0;
        int misses = 0;
        int onStandbys = 0;
        List<String> firstMisses = new ArrayList<>();
        Properties simple = new Properties();
        simple.setProperty("preferQueryMode", "simple"); // session mode answers middleware SQL in the simple protocol
        try (Connection a = connect(instanceB.jdbcUrl("app_s"), "-c switchboard.commit_lsn=on");
             Connection b = connect(instanceB.jdbcUrl("app_ro_s"), null, simple);
             PreparedStatement insert = a.prepareStatement("INSERT INTO causal (id, v) VALUES (?, ?)");
             Statement bs = b.createStatement()) {
            PGConnection pgA = a.unwrap(PGConnection.class);
            String previous = null;
            for (int i = 0; i < rounds; i++) {
                int id = 1_000_000 + i;
                insert.setInt(1, id);
                insert.setString(2, "s" + id);
                insert.executeUpdate();
                String position = pgA.getParameterStatus("switchboard.commit_lsn");
                assertNotNull(position, "no switchboard.commit_lsn after the insert");
                assertTrue(POSITION.matcher(position).matches() && !position.equals(previous), position);
                previous = position;
                String read;
                try {
                    bs.execute("SET switchboard.min_lsn = '" + position + "'");
                    read = readBack(bs, id);
                } catch (SQLException e) {
                    assertEquals("55000", e.getSQLState(), e.getMessage());
                    if (refused++ == 0) {
                        System.out.println("[causal reads] session mode, first refusal (round " + i + "): "
                                + e.getMessage());
                    }
                    read = null;
                    if (i % 10 != 0) {
                        continue;
                    }
                }
                if (i % 10 == 0) { // a new session started with the position
                    try (Connection fresh = connect(instanceB.jdbcUrl("app_ro_s"), "-c switchboard.min_lsn=" + position);
                         Statement fs = fresh.createStatement()) {
                        String again = readBack(fs, id);
                        if (again == null || !again.endsWith("|s" + id)) {
                            misses++;
                            firstMisses.add("new session, id " + id + " at " + position + ": " + again);
                        }
                    }
                }
                if (read == null) {
                    continue;
                }
                if (!read.endsWith("|s" + id)) {
                    misses++;
                    if (firstMisses.size() < 5) {
                        firstMisses.add("id " + id + " at " + position + ": " + read);
                    }
                }
                if (read.startsWith("true|")) {
                    onStandbys++;
                }
            }
        }
        System.out.println("[causal reads] session mode: " + rounds + " writes, " + refused + " SETs refused (server"
                + " behind), " + misses + " misses, " + onStandbys + " reads on the standby");
        assertEquals(0, misses, "reads that did not see the write their position named: " + firstMisses);
        assertTrue(refused < rounds, "every SET was refused");
    }

    /** "in recovery|value" of row {@code id}, the value empty when the row is not there. */
    private static String readBack(Statement s, int id) throws SQLException {
        try (ResultSet rs = s.executeQuery("SELECT pg_is_in_recovery(), coalesce((SELECT v FROM causal WHERE id = "
                + id + "), '')")) {
            rs.next();
            return rs.getBoolean(1) + "|" + rs.getString(2);
        }
    }

    /** psycopg 3 (Debian's, on libpq) reads the reports with conn.info.parameter_status and carries the position. */
    @Test
    void psycopgReadsTheReportsAndCarriesThePosition() throws Exception {
        java.net.URL script = CausalReadsIT.class.getResource("/clients/psycopg_extensions.py");
        assertNotNull(script, "test resource clients/psycopg_extensions.py is missing");
        dev.switchboard.proxy.it.ExternalProgram python = dev.switchboard.proxy.it.ExternalProgram.at(
                java.nio.file.Path.of("/usr/bin/python3"));
        dev.switchboard.proxy.it.ExternalProgram.Result run = python.run(List.of(
                java.nio.file.Path.of(script.toURI()).toString(), fixture.proxy().uri("app", "app", "app"),
                instanceB.uri("app", "app", "app_ro"), "-1"), Map.of(), null, java.time.Duration.ofSeconds(120));
        assertEquals(0, run.exitCode(), run.toString());
        String json = run.stdout().strip();
        System.out.println("[causal reads] psycopg: " + json);
        assertTrue(json.contains("\"extensions\": \"topology,commit_lsn\""), json);
        assertTrue(json.contains("\"topology\": \"epoch="), json);
        java.util.regex.Matcher position = Pattern.compile("\"commit_lsn\": \"([^\"]+)\"").matcher(json);
        assertTrue(position.find() && POSITION.matcher(position.group(1)).matches(), json);
        assertTrue(json.contains("\"shown\": \"on\""), json);
        assertTrue(json.contains("\"read\": \"psycopg\""), "the read through instance B missed the write: " + json);
        assertTrue(json.contains("\"min_lsn\": \"" + position.group(1) + "\""), json);
        assertTrue(json.contains("\"work_mem\": \"48MB\""), "report_parameters through psycopg: " + json);
    }
}
