// Every validation error kind, asserted with its exact line and field path.
package dev.switchboard.config;

import static dev.switchboard.config.ConfigAssertions.errors;
import static dev.switchboard.config.ConfigAssertions.has;
import static dev.switchboard.config.ConfigAssertions.single;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.List;
import org.junit.jupiter.api.Test;

class ValidationTest {

    /** A valid tail: tests put the section under test first so its line numbers are easy to read. */
    private static final String BASE = """
            clusters:
              main: { nodes: [ "h:5432" ] }
            databases:
              app: { cluster: main }
            """;

    @Test
    void unknownEnumValueListsTheChoices() {
        ConfigError e = single(errors(BASE + "  ro: { cluster: main, target: primary }\n"),
                5, "databases.ro.target", "unknown value \"primary\"");
        assertEquals("switchboard.yaml:5: databases.ro.target: unknown value \"primary\"; expected one of "
                + "read-write, read-only, prefer-standby, any", e.toString());
        single(errors("pool: { mode: transactions }\n" + BASE), 1, "pool.mode",
                "unknown value \"transactions\"; expected one of session, transaction, statement");
        single(errors("auth: { default_method: password }\n" + BASE), 1, "auth.default_method",
                "expected one of scram-sha-256, md5, trust");
    }

    @Test
    void unknownKeyWithSuggestion() {
        single(errors("listen: { prot: 1 }\n" + BASE), 1, "listen.prot", "unknown key; did you mean \"port\"?");
        single(errors("listen:\n  max-client-connections: 5\n" + BASE), 2, "listen.max-client-connections",
                "did you mean \"max_client_connections\"?");
        single(errors("listen:\n  unix_socket_directory: /tmp\n" + BASE), 2, "listen.unix_socket_directory",
                "did you mean \"unix_socket_dir\"?");
        single(errors("databses: {}\n" + BASE), 1, "databses", "did you mean \"databases\"?");
        single(errors(BASE + "  ro: { clutser: main, dbname: x }\n"), 5, "databases.ro.clutser",
                "did you mean \"cluster\"?");
    }

    @Test
    void unknownKeyWithoutSuggestionListsTheKeys() {
        single(errors("limits: { frobnicate: 1 }\n" + BASE), 1, "limits.frobnicate",
                "unknown key; expected one of max_message_size, startup_timeout, connect_timeout");
    }

    @Test
    void duplicateKey() {
        single(errors("listen:\n  port: 1\n  port: 2\n" + BASE), 3, "listen.port", "duplicate key (first defined at line 2)");
    }

    @Test
    void unknownCluster() {
        single(errors(BASE + "  x: { cluster: mian }\n"), 5, "databases.x.cluster",
                "unknown cluster \"mian\"; did you mean \"main\"?");
        single(errors(BASE + "  x: { cluster: zzzzzz }\n"), 5, "databases.x.cluster",
                "unknown cluster \"zzzzzz\"; defined clusters: main");
    }

    @Test
    void clusterIsRequiredWhenThereAreSeveral() {
        single(errors("""
                clusters:
                  a: { nodes: [ "h" ] }
                  b: { nodes: [ "h" ] }
                databases:
                  app: { dbname: x }
                """), 5, "databases.app.cluster", "required");
    }

    @Test
    void clustersAndDatabasesAreRequired() {
        List<ConfigError> errors = errors("listen: { port: 1 }\n");
        assertEquals(2, errors.size(), ConfigAssertions.join(errors));
        has(errors, 1, "clusters", "required: define at least one cluster");
        has(errors, 1, "databases", "required: define at least one database");

        errors = errors("clusters: {}\ndatabases: {}\n");
        has(errors, 1, "clusters", "at least one cluster is required");
        has(errors, 2, "databases", "at least one database is required");

        errors = errors("");
        has(errors, 0, "clusters", "required");
        has(errors, 0, "databases", "required");
    }

    @Test
    void ports() {
        single(errors("listen: { port: 70000 }\n" + BASE), 1, "listen.port", "must be between 0 and 65535, got 70000");
        single(errors("listen: { port: -1 }\n" + BASE), 1, "listen.port", "must be between 0 and 65535, got -1");
        single(errors("listen: { port: http }\n" + BASE), 1, "listen.port", "\"http\" is not an integer");
        List<ConfigError> errors = errors("clusters:\n  main: { nodes: [ \"h:0\", \"h:65536\", \"h:x\" ] }\n"
                + "databases: { app: {} }\n");
        assertEquals(3, errors.size());
        has(errors, 2, "clusters.main.nodes[0]", "port 0 in \"h:0\" is not between 1 and 65535");
        has(errors, 2, "clusters.main.nodes[1]", "port 65536");
        has(errors, 2, "clusters.main.nodes[2]", "port \"x\" in \"h:x\" is not a number");
    }

    @Test
    void nodes() {
        single(errors("clusters:\n  main: {}\ndatabases: { app: {} }\n"), 2, "clusters.main.nodes", "required");
        single(errors("clusters:\n  main:\ndatabases: { app: {} }\n"), 2, "clusters.main.nodes", "required");
        single(errors("clusters:\n  main: { nodes: [] }\ndatabases: { app: {} }\n"), 2, "clusters.main.nodes",
                "at least one node is required");
        single(errors("clusters:\n  main: { nodes: \"h:1\" }\ndatabases: { app: {} }\n"), 2, "clusters.main.nodes",
                "expected a list, got a single value");
        single(errors("clusters:\n  main:\n    nodes:\n      - h:1\n      - h:1\ndatabases: { app: {} }\n"),
                5, "clusters.main.nodes[1]", "duplicate node h:1 (first listed at line 4)");
        single(errors("clusters:\n  main: { nodes: [ \"::1\" ] }\ndatabases: { app: {} }\n"), 2,
                "clusters.main.nodes[0]", "write IPv6 addresses in brackets");
        single(errors("clusters:\n  main:\n    nodes:\n      -\ndatabases: { app: {} }\n"), 4,
                "clusters.main.nodes[0]", "empty node address");
    }

    @Test
    void poolSizeAndDurations() {
        single(errors("pool: { size: 0 }\n" + BASE), 1, "pool.size", "must be at least 1, got 0");
        single(errors("pool: { wait_timeout: -5s }\n" + BASE), 1, "pool.wait_timeout", "negative");
        single(errors("pool: { idle_timeout: 30 }\n" + BASE), 1, "pool.idle_timeout", "has no unit");
        single(errors(BASE + "  x: { pool: { size: -3 } }\n"), 5, "databases.x.pool.size", "must be at least 1");
        single(errors("clusters:\n  main:\n    nodes: [ h ]\n    monitor: { interval: 0 }\ndatabases: { app: {} }\n"),
                4, "clusters.main.monitor.interval", "must be greater than 0");
    }

    @Test
    void sizes() {
        single(errors("limits: { max_message_size: 1KB }\n" + BASE), 1, "limits.max_message_size",
                "must be at least 16384 bytes, got 1024 bytes");
        single(errors("limits: { max_message_size: 2GB }\n" + BASE), 1, "limits.max_message_size",
                "must be at most 2147483647 bytes, got 2147483648 bytes");
        single(errors("limits: { max_message_size: 1.5MB }\n" + BASE), 1, "limits.max_message_size",
                "fractions are not supported");
    }

    @Test
    void queuedNotifications() {
        single(errors("limits: { max_queued_notifications: 0 }\n" + BASE), 1, "limits.max_queued_notifications",
                "must be between 1 and 10000000, got 0");
        single(errors("limits: { max_queued_notifications: 20000000 }\n" + BASE), 1,
                "limits.max_queued_notifications", "got 20000000");
        single(errors("limits: { max_queued_notifications: many }\n" + BASE), 1, "limits.max_queued_notifications",
                "is not an integer");
    }

    @Test
    void typeMismatches() {
        single(errors("listen: 6432\n" + BASE), 1, "listen", "expected a mapping (key: value), got a single value");
        single(errors("listen: { address: [ a, b ] }\n" + BASE), 1, "listen.address",
                "expected a single value, got a list");
        single(errors("users: { name: app }\n" + BASE), 1, "users", "expected a list, got a mapping");
        single(errors("- a\n- b\n"), 1, "", "expected a mapping");
        List<ConfigError> errors = errors("clusters: { main: 5 }\ndatabases: { app: [] }\n");
        assertEquals(2, errors.size(), ConfigAssertions.join(errors));
        has(errors, 1, "clusters.main", "expected a mapping (key: value), got a single value");
        has(errors, 2, "databases.app", "expected a mapping (key: value), got a list");
        single(errors(BASE + "users: [ app ]\n"), 5, "users[0]", "expected a mapping");
    }

    @Test
    void unixSocket() {
        String longDir = "/" + "d".repeat(100);
        single(errors("listen: { unix_socket_dir: " + longDir + " }\n" + BASE), 1, "listen.unix_socket_dir",
                "Unix socket paths are limited to 107 bytes");
        single(errors("listen: { port: 0, unix_socket_dir: /tmp }\n" + BASE), 1, "listen.unix_socket_dir",
                "needs a fixed listen.port");
        single(errors("listen: { handoff_socket: " + longDir + "/handoff }\n" + BASE), 1, "listen.handoff_socket",
                "is 109 bytes; Unix socket paths are limited to 107 bytes");
        single(errors(BASE.replace("h:5432", longDir + ":5432")), 2, "clusters.main.nodes[0]",
                "Unix socket paths are limited to 107 bytes");
        single(errors(BASE.replace("main: { nodes: [ \"h:5432\" ] }", "main: { nodes: [ \"/run/pg:5432\" ], "
                + "authority: { patroni: \"http://h:8008\" } }")), 2, "clusters.main.authority",
                "node /run/pg:5432 is a Unix socket, which Patroni cannot name as its leader");
    }

    /** Found by fuzzing: SnakeYAML refuses a malformed tag with an exception of its own, reported like any syntax error. */
    @Test
    void aMalformedTagIsAnInvalidYamlError() {
        single(errors("!%4"), 0, "", "invalid YAML: Tag must not contain leading or trailing spaces");
    }

    @Test
    void aSharedPortNeedsAHandoffSocketOfItsOwn() throws ConfigException {
        single(errors("listen: { port: 7432, reuse_port: true }\n" + BASE), 1, "listen.reuse_port",
                "instances that share a port need a handoff socket each: set listen.handoff_socket");
        SwitchboardConfig shared = ConfigLoader.parse("listen: { port: 7432, reuse_port: true, handoff_socket: "
                + "/run/sb/a.sock }\n" + BASE, "shared.yaml", java.util.Map.of());
        assertEquals(true, shared.listen().reusePort());
    }

    @Test
    void emptyStrings() {
        single(errors("listen: { address: \"\" }\n" + BASE), 1, "listen.address", "must not be empty");
        single(errors(BASE + "  x: { dbname: '' }\n"), 5, "databases.x.dbname", "must not be empty");
        single(errors("clusters:\n  main: { nodes: [ h ] }\ndatabases:\n  \"\": {}\n"), 4, "databases.\"\"",
                "database name must not be empty");
    }

    @Test
    void trustIsNeverADefault() {
        single(errors("auth: { default_method: trust }\n" + BASE), 1, "auth.default_method",
                "trust cannot be the default");
    }

    @Test
    void userErrors() {
        List<ConfigError> errors = errors(BASE + """
                users:
                  - { name: a }
                  - { name: b, auth: md5 }
                  - { name: c, password: md5a3556571e93b0d20722ba62be61e8c2d }
                  - { name: d, auth: md5, password: "SCRAM-SHA-256$4096:c2FsdA==$%s:%s" }
                  - { password: x }
                  - { name: a, password: y }
                  - { name: f, password: "SCRAM-SHA-256$abc" }
                  - { name: g, password: x, backend_password: "SCRAM-SHA-256$4096:c2FsdA==$%s:%s" }
                  - { name: h, password: x, pool_mode: sessions }
                  - ~
                  - { name: i, password: "" }
                  - { name: j, auth: pasword }
                """.formatted(KEY, KEY, KEY, KEY));
        has(errors, 6, "users[0].password", "required for auth scram-sha-256 (the default from auth.default_method): "
                + "give a plaintext password or a SCRAM secret");
        has(errors, 7, "users[1].password", "required for auth md5: give a plaintext password or an md5 hash");
        has(errors, 8, "users[2].password", "an md5 hash cannot check auth scram-sha-256");
        has(errors, 9, "users[3].password", "a SCRAM secret cannot check auth md5");
        has(errors, 10, "users[4].name", "required");
        has(errors, 11, "users[5].name", "duplicate user \"a\" (first defined at line 6)");
        has(errors, 12, "users[6].password", "malformed SCRAM secret");
        has(errors, 13, "users[7].backend_password", "a SCRAM secret cannot be used to log in to PostgreSQL");
        has(errors, 14, "users[8].pool_mode", "unknown value \"sessions\"");
        has(errors, 15, "users[9]", "empty user entry");
        has(errors, 16, "users[10].password", "must not be empty");
        has(errors, 17, "users[11].auth", "unknown value \"pasword\"; expected one of scram-sha-256, md5, trust");
        assertEquals(12, errors.size(), ConfigAssertions.join(errors));
    }

    @Test
    void passwordsNeverAppearInErrors() {
        String yaml = BASE + """
                users:
                  - { name: a, password: "SCRAM-SHA-256$hunter2", backend_password: "SCRAM-SHA-256$hunter3" }
                  - { name: b, password: md5a3556571e93b0d20722ba62be61e8c2d, auth: scram-sha-256 }
                  - { name: c, password: { hunter5: 1 } }
                  - { name: d, password: "${UNSET:-hunter6", auth: md5 }
                """;
        List<ConfigError> errors = errors(yaml);
        for (ConfigError e : errors) {
            assertFalse(e.toString().toLowerCase().contains("hunter"), e.toString());
            assertFalse(e.toString().contains("a3556571"), e.toString());
        }
        assertEquals(5, errors.size(), ConfigAssertions.join(errors));
    }

    @Test
    void uppercaseMd5HashIsRejected() {
        single(errors(BASE + "users:\n  - { name: a, auth: md5, password: md5A3556571E93B0D20722BA62BE61E8C2D }\n"),
                6, "users[0].password", "uppercase hex digits");
    }

    @Test
    void allErrorsAreCollectedInFileOrder() {
        List<ConfigError> errors = errors("""
                listen: { port: 99999, bogus: 1 }
                pool: { mode: weird, size: 0 }
                clusters:
                  main: { nodes: [ "h:0" ] }
                databases:
                  app: { cluster: nope, target: primary }
                users:
                  - { name: u, password: "${NOPE}" }
                """);
        assertEquals(List.of(1, 1, 2, 2, 4, 6, 6, 8), errors.stream().map(ConfigError::line).toList(),
                ConfigAssertions.join(errors));
        has(errors, 1, "listen.bogus", "unknown key");
        has(errors, 1, "listen.port", "must be between");
        has(errors, 2, "pool.mode", "unknown value");
        has(errors, 2, "pool.size", "at least 1");
        has(errors, 4, "clusters.main.nodes[0]", "port 0");
        has(errors, 6, "databases.app.cluster", "unknown cluster");
        has(errors, 6, "databases.app.target", "unknown value");
        has(errors, 8, "users[0].password", "NOPE is not set");
        assertEquals(errors.size(), new ConfigException(errors).getMessage().split("\n").length);
    }

    @Test
    void dottedNamesAreQuotedInPaths() {
        single(errors(BASE + "  my.db: { target: x }\n"), 5, "databases.\"my.db\".target", "unknown value");
    }

    @Test
    void mergeKeyErrors() {
        single(errors(BASE + "  x: { <<: 5 }\n"), 5, "databases.x", "a merge key (<<) needs a mapping");
        single(errors(BASE + "  x: { <<: { bogus: 1 } }\n"), 5, "databases.x.bogus", "unknown key");
    }

    private static final String KEY = "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=";
}
