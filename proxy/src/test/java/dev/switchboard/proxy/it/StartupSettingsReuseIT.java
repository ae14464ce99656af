// StartupSettingsReuseIT: settings a client gives at startup are in effect on every server it gets, fresh or reused, in every mode.
package dev.switchboard.proxy.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.postgresql.PGConnection;

/**
 * One server per pool, so every connection after the first is served by a server another client used
 * (and, in session mode, reset with DISCARD ALL). The cluster's own defaults are ISO / UTC / postgres, so
 * a setting that is lost shows as the server default.
 */
class StartupSettingsReuseIT {
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static ExternalProgram psql;
    private static ProxyHarness proxy;

    @BeforeAll
    static void start() {
        psql = ExternalProgram.require("psql");
        proxy = ProxyHarness.config().poolSize(1)
                .database("session", "cluster: main", "dbname: app")
                .database("transaction", "cluster: main", "dbname: app", "pool: { mode: transaction, size: 1 }")
                .database("statement", "cluster: main", "dbname: app", "pool: { mode: statement, size: 1 }")
                .start();
    }

    @AfterAll
    static void stop() {
        if (proxy != null) {
            proxy.close();
        }
        LeakRecorder.assertNoLeaks();
    }

    @ParameterizedTest
    @ValueSource(strings = {"session", "transaction", "statement"})
    void psqlSeesItsEnvironmentSettingsOnEveryConnection(String mode) {
        Map<String, String> env = Map.of("PGPASSWORD", "app", "PGDATESTYLE", "Postgres, MDY", "PGTZ", "PST8PDT",
                "PGOPTIONS", "-c intervalstyle=postgres_verbose");
        for (int i = 1; i <= 3; i++) {
            var result = psql.run(List.of("-h", "127.0.0.1", "-p", String.valueOf(proxy.port()), "-U", "app", "-X",
                    "-At", "-c", "show datestyle", "-c", "show timezone", "-c", "show intervalstyle", mode),
                    env, null, TIMEOUT);
            assertEquals(0, result.exitCode(), result.toString());
            System.out.printf("%s mode, connection %d: %s%n", mode, i, result.stdout().strip().replace('\n', '/'));
            assertEquals("Postgres, MDY\nPST8PDT\npostgres_verbose", result.stdout().strip(),
                    mode + " mode, connection " + i);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"session", "transaction", "statement"})
    void jdbcSeesItsSettingsAndTheirParameterStatusOnEveryConnection(String mode) throws Exception {
        // pgJDBC insists on DateStyle ISO and sends the JVM's TimeZone itself: IntervalStyle and
        // application_name are what it lets a user choose at startup.
        for (String style : List.of("sql_standard", "iso_8601", "sql_standard")) {
            Properties props = new Properties();
            props.setProperty("user", "app");
            props.setProperty("password", "app");
            props.setProperty("ApplicationName", "reuse-" + style);
            props.setProperty("options", "-c IntervalStyle=" + style);
            try (Connection c = java.sql.DriverManager.getConnection(proxy.jdbcUrl(mode), props);
                 Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery(
                         "SELECT current_setting('IntervalStyle'), current_setting('application_name')")) {
                rs.next();
                assertEquals(style, rs.getString(1), mode + " mode: IntervalStyle in effect");
                assertEquals("reuse-" + style, rs.getString(2), mode + " mode: application_name in effect");
                PGConnection pg = c.unwrap(PGConnection.class);
                assertEquals(style, pg.getParameterStatus("IntervalStyle"), mode + " mode: IntervalStyle reported");
                assertEquals("reuse-" + style, pg.getParameterStatus("application_name"),
                        mode + " mode: application_name reported");
            }
        }
    }

    /**
     * On a dedicated connection RESET, RESET ALL and DISCARD ALL return to the values of the startup packet; the
     * pooled server's own defaults are something else. Also while pinned, when no new lease re-applies them.
     */
    @ParameterizedTest
    @ValueSource(strings = {"session", "transaction", "statement"})
    void resetsReturnToTheStartupValuesNotTheServersDefaults(String mode) throws Exception {
        Properties props = new Properties();
        props.setProperty("user", "app");
        props.setProperty("password", "app");
        props.setProperty("options", "-c work_mem=12MB -c search_path=pg_catalog,public -c IntervalStyle=iso_8601");
        try (Connection c = java.sql.DriverManager.getConnection(proxy.jdbcUrl(mode), props);
             Statement st = c.createStatement()) {
            st.execute("SELECT pg_advisory_lock(42)"); // pinned: the same server all along
            st.execute("SET work_mem = '1MB'");
            st.execute("RESET ALL");
            assertEquals("12MB", show(st, "work_mem"), mode + " mode: RESET ALL");
            st.execute("SET IntervalStyle = postgres");
            st.execute("RESET IntervalStyle");
            assertEquals("iso_8601", show(st, "IntervalStyle"), mode + " mode: RESET");
            assertEquals("iso_8601", c.unwrap(PGConnection.class).getParameterStatus("IntervalStyle"),
                    mode + " mode: what the client was told");
            st.execute("SET search_path = public");
            st.execute("DISCARD ALL"); // also drops the advisory lock
            assertEquals("pg_catalog,public", show(st, "search_path"), mode + " mode: DISCARD ALL");
            assertEquals("12MB", show(st, "work_mem"), mode + " mode: DISCARD ALL");
        }
    }

    private static String show(Statement st, String name) throws java.sql.SQLException {
        try (ResultSet rs = st.executeQuery("SHOW " + name)) {
            rs.next();
            return rs.getString(1);
        }
    }
}
