// Pool control keys: min_idle, health_check_after_idle, max_prepared_statements and connection limits.
package dev.switchboard.config;

import static dev.switchboard.config.ConfigAssertions.errors;
import static dev.switchboard.config.ConfigAssertions.has;
import static dev.switchboard.config.ConfigAssertions.parse;
import static dev.switchboard.config.ConfigAssertions.single;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class PoolControlConfigTest {

    /** A valid tail; the section under test goes first so its line numbers are easy to read. */
    private static final String BASE = """
            clusters:
              main: { nodes: [ "h:5432" ] }
            databases:
              app: { cluster: main }
            """;

    @Test
    void defaults() throws ConfigException {
        SwitchboardConfig c = parse(BASE + "users:\n  - { name: u, auth: trust }\n");
        PoolConfig pool = c.pool();
        assertEquals(0, pool.minIdle());
        assertEquals(Duration.ofSeconds(30), pool.healthCheckAfterIdle());
        assertEquals(1000, pool.maxPreparedStatements());
        assertEquals(0, c.database("app").orElseThrow().maxServerConnections());
        UserConfig u = c.user("u").orElseThrow();
        assertEquals(0, u.maxServerConnections());
        assertEquals(0, u.maxClientConnections());
    }

    @Test
    void oldArityConstructorsUseTheDefaults() {
        PoolConfig pool = new PoolConfig(PoolMode.SESSION, 20, Duration.ofSeconds(30), Duration.ofMinutes(10),
                Duration.ofHours(1), "DISCARD ALL");
        assertEquals(PoolConfig.defaults(), pool);
        assertEquals(new PoolConfig(PoolMode.SESSION, 20, Duration.ofSeconds(30), Duration.ofMinutes(10),
                Duration.ofHours(1), "DISCARD ALL", 0, Duration.ofSeconds(30), 1000), pool);
        assertEquals(0, new DatabaseConfig("a", "c", "a", Target.ANY, pool).maxServerConnections());
        UserConfig u = new UserConfig("u", null, ClientAuthMethod.TRUST, "u", null, null);
        assertEquals(0, u.maxServerConnections());
        assertEquals(0, u.maxClientConnections());
        assertThrows(IllegalArgumentException.class, () -> new DatabaseConfig("a", "c", "a", Target.ANY, pool, -1));
    }

    @Test
    void valuesAreReadAndDatabasesInheritOrOverride() throws ConfigException {
        SwitchboardConfig c = parse("""
                pool: { size: 10, min_idle: 2, health_check_after_idle: 0, max_prepared_statements: 250 }
                clusters:
                  main: { nodes: [ "h:5432" ] }
                databases:
                  app: { max_server_connections: 50 }
                  big: { pool: { size: 40, min_idle: 5, health_check_after_idle: 1m, max_prepared_statements: 100000 } }
                users:
                  - { name: u, auth: trust, max_server_connections: 30, max_client_connections: 500 }
                """);
        assertEquals(new PoolConfig(PoolMode.SESSION, 10, Duration.ofSeconds(30), Duration.ofMinutes(10),
                Duration.ofHours(1), "DISCARD ALL", 2, Duration.ZERO, 250), c.pool());
        DatabaseConfig app = c.database("app").orElseThrow();
        assertEquals(c.pool(), app.pool());
        assertEquals(50, app.maxServerConnections());
        PoolConfig big = c.database("big").orElseThrow().pool();
        assertEquals(5, big.minIdle());
        assertEquals(Duration.ofMinutes(1), big.healthCheckAfterIdle());
        assertEquals(100_000, big.maxPreparedStatements());
        assertEquals(0, c.database("big").orElseThrow().maxServerConnections());
        UserConfig u = c.user("u").orElseThrow();
        assertEquals(30, u.maxServerConnections());
        assertEquals(500, u.maxClientConnections());
        assertEquals("UserConfig[name=u, password=none, auth=trust, backendUser=u, backendPassword=none, "
                + "poolMode=default, maxServerConnections=30, maxClientConnections=500]", u.toString());
    }

    @Test
    void badPoolValuesNameLineAndField() {
        single(errors("pool: { min_idle: -1 }\n" + BASE), 1, "pool.min_idle", "must be at least 0, got -1");
        single(errors("pool: { min_idle: some }\n" + BASE), 1, "pool.min_idle", "\"some\" is not an integer");
        single(errors("pool:\n  health_check_after_idle: 30\n" + BASE), 2, "pool.health_check_after_idle",
                "has no unit");
        single(errors("pool:\n  health_check_after_idle: -1s\n" + BASE), 2, "pool.health_check_after_idle",
                "negative");
        single(errors("pool: { max_prepared_statements: 0 }\n" + BASE), 1, "pool.max_prepared_statements",
                "must be between 1 and 100000, got 0");
        single(errors("pool: { max_prepared_statements: 100001 }\n" + BASE), 1, "pool.max_prepared_statements",
                "must be between 1 and 100000, got 100001");
        single(errors(BASE + "  x: { pool: { min_idle: -2 } }\n"), 5, "databases.x.pool.min_idle", "at least 0");
        single(errors("pool: { min_idel: 1 }\n" + BASE), 1, "pool.min_idel", "did you mean \"min_idle\"?");
    }

    @Test
    void minIdleMustNotExceedTheSize() {
        single(errors("pool: { size: 5, min_idle: 6 }\n" + BASE), 1, "pool.min_idle",
                "must not exceed the pool size (5), got 6");
        // The database writes min_idle: the error is there, even though the size came from the global pool.
        single(errors("pool: { size: 5 }\n" + BASE + "  x: { pool: { min_idle: 9 } }\n"), 6,
                "databases.x.pool.min_idle", "must not exceed the pool size (5), got 9");
        // The database shrinks the size below the inherited min_idle: the error is on its size.
        single(errors("pool: { min_idle: 4 }\n" + BASE + "  x:\n    pool:\n      size: 3\n"), 8,
                "databases.x.pool.size", "must be at least min_idle (4), got 3");
    }

    @Test
    void badConnectionLimitsNameLineAndField() {
        single(errors(BASE + "  x: { max_server_connections: -1 }\n"), 5, "databases.x.max_server_connections",
                "must be at least 0, got -1");
        single(errors(BASE + "  x: { max_server_connection: 3 }\n"), 5, "databases.x.max_server_connection",
                "did you mean \"max_server_connections\"?");
        List<ConfigError> errors = errors(BASE + """
                users:
                  - { name: a, auth: trust, max_server_connections: -5 }
                  - { name: b, auth: trust, max_client_connections: lots }
                  - name: c
                    auth: trust
                    max_client_connections: 2147483648
                """);
        assertEquals(3, errors.size(), () -> ConfigAssertions.join(errors));
        has(errors, 6, "users[0].max_server_connections", "must be at least 0, got -5");
        has(errors, 7, "users[1].max_client_connections", "\"lots\" is not an integer");
        has(errors, 10, "users[2].max_client_connections", "must be at most 2147483647, got 2147483648");
    }
}
