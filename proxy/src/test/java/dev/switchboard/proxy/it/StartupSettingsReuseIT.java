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
        proxy = ProxyHarness.start("""
                listen: { address: 127.0.0.1, port: 0 }
                pool: { mode: session, size: 1, wait_timeout: 5s }
                clusters:
                  main: { nodes: [ "${PRIMARY}" ] }
                databases:
                  session: { cluster: main, dbname: app }
                  transaction: { cluster: main, dbname: app, pool: { mode: transaction, size: 1 } }
                  statement: { cluster: main, dbname: app, pool: { mode: statement, size: 1 } }
                users:
                  - { name: app, password: app, auth: scram-sha-256 }
                """);
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
}
