// FallbackDatabaseIT: with only the fallback database "*", each client reaches the database it names.
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

class FallbackDatabaseIT {
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static ExternalProgram psql;
    private static ProxyHarness proxy;

    @BeforeAll
    static void start() {
        psql = ExternalProgram.require("psql");
        proxy = ProxyHarness.start("""
                listen: { address: 127.0.0.1, port: 0 }
                clusters:
                  main: { nodes: [ "${PRIMARY}" ] }
                databases:
                  "*": { cluster: main, pool: { mode: transaction, size: 2 } }
                users:
                  - { name: app, password: app }
                """);
    }

    @AfterAll
    static void stop() {
        if (proxy != null) {
            proxy.close();
        }
        LeakRecorder.assertNoLeaks();
    }

    private static ExternalProgram.Result currentDatabase(String database) {
        return psql.run(List.of("-X", "-At", "-h", "127.0.0.1", "-p", String.valueOf(proxy.port()), "-U", "app",
                "-d", database, "-c", "SELECT current_database()"), Map.of("PGPASSWORD", "app"), null, TIMEOUT);
    }

    @Test
    void eachClientGetsTheDatabaseItNames() {
        for (String database : List.of("app", "postgres", "app")) {
            var result = currentDatabase(database);
            assertEquals(0, result.exitCode(), result.toString());
            assertEquals(database, result.stdout().strip());
        }
    }

    @Test
    void aDatabaseTheClusterLacksIsPostgresOwnError() {
        var result = currentDatabase("no_such_db");
        assertNotEquals(0, result.exitCode());
        assertTrue(result.stderr().contains("database \"no_such_db\" does not exist"), result.toString());
    }
}
