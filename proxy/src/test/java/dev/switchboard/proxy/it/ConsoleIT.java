// ConsoleIT: the admin console through psql and pgJDBC — every SHOW, the exporter's queries, who may do what.
package dev.switchboard.proxy.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.proxy.console.Column;
import dev.switchboard.proxy.console.ColumnType;
import dev.switchboard.proxy.console.ShowColumns;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The console of a proxy with a session-mode and a transaction-mode database, an admin user ({@code app}) and a
 * stats user ({@code app_md5}). The exporter's queries are prometheus-community pgbouncer_exporter's, as it sends
 * them; what it reads of each result is checked by name and type.
 */
class ConsoleIT {
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    /** What pgbouncer_exporter sends, in its order and spelling. */
    private static final List<String> EXPORTER_QUERIES = List.of("SHOW STATS", "SHOW VERSION;", "SHOW LISTS;",
            "SHOW CONFIG;", "SHOW CLIENTS;", "SHOW databases;", "SHOW stats_totals;", "SHOW pools;");

    private static ExternalProgram psql;
    private static ProxyHarness proxy;

    @BeforeAll
    static void start() {
        psql = ExternalProgram.require("psql");
        proxy = ProxyHarness.config().database("tx", "cluster: main", "dbname: app", "pool: { mode: transaction }")
                .top("admin_users", "[ app ]").top("stats_users", "[ app_md5 ]").start();
    }

    @AfterAll
    static void stop() {
        if (proxy != null) {
            proxy.close();
        }
        LeakRecorder.assertNoLeaks();
    }

    @Test
    void psqlRunsEveryShowWithItsColumns() throws Exception {
        try (Connection app = proxy.connect("app", "app"); Connection tx = connect("tx", "app", "app", new Properties());
             Statement st = tx.createStatement()) {
            st.execute("SELECT 1"); // a transaction-mode pool exists too
            app.createStatement().execute("SELECT 1");
            for (Map.Entry<String, List<Column>> show : ShowColumns.BY_NAME.entrySet()) {
                ExternalProgram.Result r = psqlConsole("app", "app", "SHOW " + show.getKey().toUpperCase());
                assertEquals(0, r.exitCode(), r.toString());
                String header = r.stdout().lines().findFirst().orElse("");
                assertEquals(show.getValue().stream().map(Column::name).collect(Collectors.joining("|")), header,
                        "SHOW " + show.getKey());
            }
        }
        ExternalProgram.Result help = psqlConsole("app", "app", "SHOW HELP");
        assertEquals(0, help.exitCode(), help.toString());
        assertTrue(help.stderr().contains("Console usage") && help.stderr().contains("SHOW STATS"), help.toString());
    }

    @Test
    void exporterQueriesThroughPsql() {
        for (String sql : EXPORTER_QUERIES) {
            ExternalProgram.Result r = psqlConsole("app_md5", "app_md5", sql);
            assertEquals(0, r.exitCode(), r.toString());
        }
        ExternalProgram.Result lists = psqlConsole("app_md5", "app_md5", "SHOW LISTS;");
        assertTrue(lists.stdout().contains("\nused_clients|"), lists.toString());
    }

    @Test
    void exporterQueriesThroughPgJdbcInTheSimpleProtocol() throws Exception {
        try (Connection app = proxy.connect("app", "app"); Connection c = console("app_md5", "app_md5");
             Statement st = c.createStatement()) {
            app.createStatement().execute("SELECT 1");
            for (String sql : EXPORTER_QUERIES) {
                try (ResultSet rs = st.executeQuery(sql)) {
                    assertNotNull(rs.getMetaData());
                }
            }
            // SHOW VERSION: exactly one column, "version".
            Map<String, String> version = columns(st, "SHOW VERSION;");
            assertEquals(Map.of("version", "text"), version);
            // SHOW LISTS: exactly two columns; items parse as numbers; the rows the exporter maps are there.
            assertEquals(List.of("list", "items"), new ArrayList<>(columns(st, "SHOW LISTS;").keySet()));
            Map<String, Double> lists = twoColumns(st, "SHOW LISTS;");
            for (String row : List.of("databases", "users", "pools", "free_clients", "used_clients", "login_clients",
                    "free_servers", "used_servers", "dns_names", "dns_zones", "dns_queries")) {
                assertTrue(lists.containsKey(row), "SHOW LISTS row " + row);
            }
            assertTrue(lists.get("used_clients") >= 2, "the application client and this one: " + lists);
            // SHOW CONFIG: key, value, default, changeable; the two keys it reads parse as floats.
            assertEquals(List.of("key", "value", "default", "changeable"),
                    new ArrayList<>(columns(st, "SHOW CONFIG;").keySet()));
            Map<String, String> config = new HashMap<>();
            try (ResultSet rs = st.executeQuery("SHOW CONFIG;")) {
                while (rs.next()) {
                    config.put(rs.getString("key"), rs.getString("value"));
                }
            }
            Double.parseDouble(config.get("max_client_conn"));
            Double.parseDouble(config.get("max_user_connections"));
            // SHOW CLIENTS: database, user, state, application_name as text; this console client is listed.
            Map<String, String> clients = columns(st, "SHOW CLIENTS;");
            for (String label : List.of("database", "user", "state", "application_name")) {
                assertEquals("text", clients.get(label), label);
            }
            assertTrue(rows(st, "SHOW CLIENTS;", "database").contains("pgbouncer"));
            // Labels must decode as text or integers, never numeric (lib/pq makes those "<invalid>").
            Map<String, String> databases = columns(st, "SHOW databases;");
            for (String label : List.of("name", "host", "database", "force_user", "pool_mode")) {
                assertEquals("text", databases.get(label), label);
            }
            assertEquals("int4", databases.get("port"));
            for (String gauge : List.of("pool_size", "reserve_pool_size", "max_connections", "current_connections",
                    "paused", "disabled")) {
                assertEquals("int4", databases.get(gauge), gauge);
            }
            assertFalse(databases.containsKey("reserve_pool"), "both spellings would be a duplicate metric");
            Map<String, String> totals = columns(st, "SHOW stats_totals;");
            assertEquals("text", totals.get("database"));
            for (String counter : List.of("query_count", "query_time", "bytes_received", "bytes_sent", "wait_time",
                    "xact_count", "xact_time", "client_parse_count", "server_parse_count", "bind_count",
                    "server_assignment_count")) {
                assertEquals("numeric", totals.get(counter), counter);
            }
            Map<String, String> pools = columns(st, "SHOW pools;");
            assertEquals("text", pools.get("database"));
            assertEquals("text", pools.get("user"));
            for (String gauge : List.of("cl_active", "cl_active_cancel_req", "cl_waiting", "cl_waiting_cancel_req",
                    "sv_active", "sv_active_cancel", "sv_being_canceled", "sv_idle", "sv_used", "sv_tested",
                    "sv_login", "maxwait")) {
                assertEquals("int4", pools.get(gauge), gauge);
            }
            // Never empty: the console's own database and pool are always listed.
            assertTrue(rows(st, "SHOW pools;", "database").contains("pgbouncer"));
            assertTrue(rows(st, "SHOW STATS", "database").contains("pgbouncer"));
            assertTrue(rows(st, "SHOW databases;", "name").containsAll(List.of("pgbouncer", "app", "tx")));
        }
    }

    /** Debian's and spreaker's Python exporters: psycopg2, DictCursor, float() and int() on the values. */
    @Test
    void psycopg2RunsWhatThePythonExportersRun() throws Exception {
        ExternalProgram python = ExternalProgram.at(java.nio.file.Path.of("/usr/bin/python3"));
        ExternalProgram.Result check = python.run(Duration.ofSeconds(30), "-c", "import psycopg2");
        assertEquals(0, check.exitCode(), "/usr/bin/python3 cannot import psycopg2; .ci/run installs python3-psycopg2\n"
                + check);
        String script = java.nio.file.Path.of(ConsoleIT.class.getResource("/clients/psycopg2_console.py").toURI())
                .toString();
        ExternalProgram.Result r = python.run(List.of(script, proxy.uri("app_md5", "app_md5", "pgbouncer")),
                Map.of(), null, TIMEOUT);
        assertEquals(0, r.exitCode(), r.toString());
        String json = r.stdout().strip();
        assertTrue(json.contains("\"client_encoding\": \"UTF8\""), json);
        assertTrue(json.contains("\"max_client_conn\": 10000"), json);
        assertTrue(json.contains("\"pgbouncer\": 2.0"), "the console's own database, pool_size 2: " + json);
        assertTrue(json.contains("\"used_clients\": "), json);
    }

    @Test
    void everyColumnTypeIsTheDeclaredOne() throws Exception {
        try (Connection c = console("app", "app"); Statement st = c.createStatement()) {
            for (Map.Entry<String, List<Column>> show : ShowColumns.BY_NAME.entrySet()) {
                Map<String, String> actual = columns(st, "SHOW " + show.getKey());
                Map<String, String> expected = new java.util.LinkedHashMap<>();
                for (Column column : show.getValue()) {
                    expected.put(column.name(), typeName(column.type()));
                }
                assertEquals(expected, actual, "SHOW " + show.getKey());
            }
        }
    }

    @Test
    void showPinsNamesThePinnedClientItsServerAndWhy() throws Exception {
        try (Connection pinned = connect("tx", "app", "app", new Properties()); Statement st = pinned.createStatement();
             Connection c = console("app", "app"); Statement console = c.createStatement()) {
            int pid;
            try (ResultSet rs = st.executeQuery("SELECT pg_advisory_lock(42), pg_backend_pid()")) {
                rs.next();
                pid = rs.getInt(2);
            }
            try (ResultSet rs = console.executeQuery("SHOW PINS")) {
                assertTrue(rs.next(), "the pinned client is listed");
                assertEquals("tx", rs.getString("database"));
                assertEquals(pid, rs.getInt("remote_pid"));
                assertTrue(rs.getString("reasons").contains("session advisory lock"), rs.getString("reasons"));
                assertNotNull(rs.getString("since"));
                assertFalse(rs.next());
            }
            st.execute("SELECT pg_advisory_unlock(42)");
            Await.until("the client unpinned", Duration.ofSeconds(30), () -> {
                try (ResultSet rs = console.executeQuery("SHOW PINS")) {
                    return !rs.next();
                }
            });
        }
    }

    @Test
    void theConsoleTakesNoServerConnection() throws Exception {
        try (Connection c = console("app", "app"); Statement st = c.createStatement()) {
            st.executeQuery("SHOW POOLS").close();
            st.executeQuery("SHOW SERVERS").close();
        }
        assertTrue(proxy.server().context().allPools().stream()
                .noneMatch(p -> p.key().database().equals("pgbouncer")));
    }

    @Test
    void theAliasSwitchboardIsTheSameConsole() throws Exception {
        try (Connection c = connect("switchboard", "app", "app", simple()); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SHOW VERSION")) {
            assertTrue(rs.next());
            assertTrue(rs.getString(1).startsWith("Switchboard "), rs.getString(1));
        }
    }

    @Test
    void aStatsUserMayShowButRunsNoCommand() throws Exception {
        try (Connection c = console("app_md5", "app_md5"); Statement st = c.createStatement()) {
            SQLException e = assertThrows(SQLException.class, () -> st.execute("PAUSE"));
            assertEquals("08P01", e.getSQLState());
            assertTrue(e.getMessage().contains("admin access needed"), e.getMessage());
            SQLException kill = assertThrows(SQLException.class, () -> st.execute("KILL_CLIENT 1"));
            assertTrue(kill.getMessage().contains("admin access needed"), kill.getMessage());
            st.executeQuery("SHOW STATE").close(); // the session goes on
        }
    }

    @Test
    void aUserInNeitherListIsNotLetIn() {
        SQLException e = assertThrows(SQLException.class, () -> console("app_scram", "app_scram"));
        assertEquals("08P01", e.getSQLState());
        assertTrue(e.getMessage().contains("not allowed"), e.getMessage());
    }

    @Test
    void theExtendedProtocolIsRefusedLikePgBouncer() {
        SQLException e = assertThrows(SQLException.class, () -> {
            try (Connection c = connect("pgbouncer", "app", "app", new Properties()); Statement st = c.createStatement()) {
                st.executeQuery("SHOW POOLS").close();
            }
        });
        assertTrue(e.getMessage().contains("extended query protocol not supported by admin console"), e.getMessage());
    }

    @Test
    void unknownCommandsAndFakeSettings() throws Exception {
        try (Connection c = console("app", "app"); Statement st = c.createStatement()) {
            SQLException e = assertThrows(SQLException.class, () -> st.execute("SHOW NOTHING"));
            assertEquals("08P01", e.getSQLState());
            assertTrue(e.getMessage().contains("invalid command 'SHOW NOTHING', use SHOW HELP;"), e.getMessage());
            SQLException reload = assertThrows(SQLException.class, () -> st.execute("RELOAD"));
            assertTrue(reload.getMessage().contains("not started from a configuration file"),
                    reload.getMessage());
            SQLException fds = assertThrows(SQLException.class, () -> st.execute("SHOW FDS"));
            assertTrue(fds.getMessage().contains("switchboard upgrade"), fds.getMessage());
            SQLException shutdown = assertThrows(SQLException.class, () -> st.execute("SHUTDOWN"));
            assertTrue(shutdown.getMessage().contains("runs inside another program"), shutdown.getMessage());
            st.execute("SET datestyle TO 'ISO'");
            try (ResultSet rs = st.executeQuery("SHOW client_encoding")) {
                assertTrue(rs.next());
                assertEquals("UTF8", rs.getString("client_encoding"));
            }
        }
    }

    static Properties simple() {
        Properties p = new Properties();
        p.setProperty("preferQueryMode", "simple");
        return p;
    }

    static Connection console(String user, String password) throws SQLException {
        return connect("pgbouncer", user, password, simple());
    }

    static Connection connect(String database, String user, String password, Properties extra) throws SQLException {
        Properties props = new Properties();
        props.putAll(extra);
        props.setProperty("user", user);
        props.setProperty("password", password);
        return DriverManager.getConnection(proxy.jdbcUrl(database), props);
    }

    private static ExternalProgram.Result psqlConsole(String user, String password, String sql) {
        return psql.run(List.of("-X", "-w", "-A", "-F", "|", "-d", proxy.uri(user, password, "pgbouncer"), "-c", sql),
                Map.of("PGCONNECT_TIMEOUT", "10"), null, TIMEOUT);
    }

    /** Column name to type name, in order. */
    private static Map<String, String> columns(Statement st, String sql) throws SQLException {
        Map<String, String> columns = new java.util.LinkedHashMap<>();
        try (ResultSet rs = st.executeQuery(sql)) {
            ResultSetMetaData md = rs.getMetaData();
            for (int i = 1; i <= md.getColumnCount(); i++) {
                columns.put(md.getColumnName(i), md.getColumnTypeName(i));
            }
        }
        return columns;
    }

    private static Map<String, Double> twoColumns(Statement st, String sql) throws SQLException {
        Map<String, Double> rows = new HashMap<>();
        try (ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) {
                rows.put(rs.getString(1), Double.parseDouble(rs.getString(2)));
            }
        }
        return rows;
    }

    private static List<String> rows(Statement st, String sql, String column) throws SQLException {
        List<String> values = new ArrayList<>();
        try (ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) {
                values.add(rs.getString(column));
            }
        }
        return values;
    }

    private static String typeName(ColumnType type) {
        return switch (type) {
            case TEXT, TIMESTAMP -> "text";
            case INT4 -> "int4";
            case INT8 -> "int8";
            case NUMERIC -> "numeric";
        };
    }
}
