// AccessRulesIT: the access rules decide before authentication, with PostgreSQL's words and SQLSTATE.
package dev.switchboard.proxy.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class AccessRulesIT {
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static ExternalProgram psql;
    private static ProxyHarness proxy;

    @BeforeAll
    static void start() {
        psql = ExternalProgram.require("psql");
        proxy = ProxyHarness.start("""
                listen: { address: 127.0.0.1, port: 0 }
                access:
                  - { action: reject, database: postgres }
                  - { action: allow, address: 127.0.0.0/8, user: app }
                clusters:
                  main: { nodes: [ "${PRIMARY}" ] }
                databases:
                  app: { cluster: main }
                  postgres: { cluster: main }
                users:
                  - { name: app, password: app }
                  - { name: app_scram, password: app_scram }
                """);
    }

    @AfterAll
    static void stop() {
        if (proxy != null) {
            proxy.close();
        }
        LeakRecorder.assertNoLeaks();
    }

    private static ExternalProgram.Result psql(String user, String database) {
        return psql.run(List.of("-X", "-At", "-h", "127.0.0.1", "-p", String.valueOf(proxy.port()), "-U", user,
                "-d", database, "-c", "SELECT 1"), Map.of("PGPASSWORD", user), null, TIMEOUT);
    }

    @Test
    void anAllowedClientLogsIn() {
        var result = psql("app", "app");
        assertEquals(0, result.exitCode(), result.toString());
    }

    @Test
    void aRejectRuleRefusesBeforeAuthentication() {
        var result = psql("app", "postgres");
        assertNotEquals(0, result.exitCode());
        assertTrue(result.stderr().contains("access rule 1 rejects connection for host \"127.0.0.1\", user \"app\","
                + " database \"postgres\", no encryption"), result.toString());
    }

    @Test
    void aClientNoRuleMatchesIsRefused() {
        var result = psql("app_scram", "app");
        assertNotEquals(0, result.exitCode());
        assertTrue(result.stderr().contains("no access rule matches host \"127.0.0.1\", user \"app_scram\""),
                result.toString());
    }
}
