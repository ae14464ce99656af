// TargetSessionAttrsIT: libpq's target_session_attrs and pgJDBC's targetServerType pick the database with the right role.
package dev.switchboard.proxy.it.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.switchboard.embedded.StopMode;
import dev.switchboard.proxy.it.Await;
import dev.switchboard.proxy.it.ExternalProgram;
import dev.switchboard.proxy.it.ProxyHarness;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.postgresql.PGConnection;
import org.postgresql.core.BaseConnection;

/**
 * Two proxies in front of one cluster: the fixture's serves {@code app} as {@code read-only}, a second one serves
 * {@code app} as {@code read-write}. psql is given both, in that order, with {@code target_session_attrs}: libpq
 * judges each by the {@code in_hot_standby} and {@code default_transaction_read_only} it reports at startup, so
 * {@code read-write} lands on the second (the primary) and {@code standby} or {@code read-only} on the first —
 * before and after the primary is stopped and a standby promoted. pgJDBC, given both hosts with
 * {@code targetServerType}, picks the same ways, and sees the database's role in both parameters.
 */
class TargetSessionAttrsIT {

    @RegisterExtension
    static final TopologyFixture fixture = TopologyFixture.perClass(2);

    private static ProxyHarness readWrite;
    private static ExternalProgram psql;

    @BeforeAll
    static void setUp() {
        psql = ExternalProgram.require("psql");
        fixture.startProxy("{ mode: session, size: 4 }", "app: { cluster: main, dbname: app, target: read-only }");
        String nodes = fixture.cluster().nodes().stream().map(n -> "\"" + TopologyFixture.nodeId(n) + "\"")
                .collect(Collectors.joining(", "));
        readWrite = ProxyHarness.start("""
                listen: { address: 127.0.0.1, port: 0 }
                pool: { mode: session, size: 4 }
                clusters:
                  main:
                    nodes: [ %s ]
                    monitor: { interval: 100ms, user: %s }
                    failover: { hold_timeout: 10s }
                databases:
                  app: { cluster: main, dbname: app, target: read-write }
                users:
                  - { name: app, password: app, auth: scram-sha-256 }
                """.formatted(nodes, fixture.cluster().superuser()));
    }

    @AfterAll
    static void tearDown() {
        if (readWrite != null) {
            readWrite.close();
        }
    }

    /** Which server psql reached with these attributes: "port|in recovery". */
    private static String reached(String attrs) {
        String conninfo = "host=127.0.0.1,127.0.0.1 port=" + fixture.proxy().port() + "," + readWrite.port()
                + " dbname=app user=app sslmode=disable connect_timeout=30 target_session_attrs=" + attrs;
        ExternalProgram.Result r = psql.run(List.of("-X", "-At", "-d", conninfo, "-c",
                "SELECT inet_server_port() || '|' || pg_is_in_recovery()"), Map.of("PGPASSWORD", "app"), null,
                Duration.ofSeconds(60));
        return r.exitCode() == 0 ? r.stdout().strip() : "failed: " + r;
    }

    /**
     * Which proxy pgJDBC reached with this targetServerType, and what the connection was shown: "read-only|on|on"
     * for the read-only database (proxy port, in_hot_standby, default_transaction_read_only).
     */
    private static String reachedJdbc(String targetServerType) {
        Properties p = new Properties();
        p.setProperty("user", "app");
        p.setProperty("password", "app");
        p.setProperty("targetServerType", targetServerType);
        p.setProperty("hostRecheckSeconds", "0"); // judge the hosts anew at every connect: roles change in this test
        String url = "jdbc:postgresql://127.0.0.1:" + fixture.proxy().port() + ",127.0.0.1:" + readWrite.port() + "/app";
        try (Connection c = DriverManager.getConnection(url, p)) {
            PGConnection pg = c.unwrap(PGConnection.class);
            int port = c.unwrap(BaseConnection.class).getQueryExecutor().getHostSpec().getPort();
            String database = port == readWrite.port() ? "read-write" : "read-only";
            return database + "|" + pg.getParameterStatus("in_hot_standby") + "|"
                    + pg.getParameterStatus("default_transaction_read_only");
        } catch (SQLException e) {
            return "failed: " + e;
        }
    }

    private static void assertJdbcPicksByRole() {
        assertEquals("read-write|off|off", reachedJdbc("primary"));
        assertEquals("read-only|on|on", reachedJdbc("secondary"));
        assertEquals("read-only|on|on", reachedJdbc("preferSecondary"));
    }

    @Test
    void readWriteFindsThePrimaryDatabaseBeforeAndAfterAFailover() {
        String primary = fixture.primary().port() + "|false";
        assertEquals(primary, reached("read-write"));
        assertEquals("true", reached("standby").split("\\|")[1]);
        assertEquals("true", reached("read-only").split("\\|")[1]);
        assertJdbcPicksByRole();

        fixture.primary().stop(StopMode.FAST);
        fixture.standby(0).promote();
        String promoted = fixture.standby(0).port() + "|false";
        Await.until(() -> "read-write reaching the promoted standby; last: " + reached("read-write"),
                Duration.ofSeconds(60), () -> promoted.equals(reached("read-write")));
        assertEquals("true", reached("standby").split("\\|")[1]);
        assertJdbcPicksByRole();
    }
}
