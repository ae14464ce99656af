// Loading whole files: a full valid configuration, defaults, files on disk.
package dev.switchboard.config;

import static dev.switchboard.config.ConfigAssertions.parse;
import static dev.switchboard.config.ConfigAssertions.single;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {

    static final String FULL = """
            listen: { address: 0.0.0.0, port: 7432, unix_socket_dir: /tmp, max_client_connections: 500 }
            limits: { max_message_size: 64MB, startup_timeout: 3s, connect_timeout: 1500ms, max_queued_notifications: 500 }
            auth:   { default_method: md5, trust_on_network: true }
            pool:   { mode: transaction, size: 30, wait_timeout: 5s, idle_timeout: 1m, max_lifetime: 2h, reset_query: "" }
            clusters:
              main:
                nodes: [ "10.0.0.1:5432", "10.0.0.2", "[::1]:5433" ]
                monitor: { interval: 100ms }
              other:
                nodes: [ "db.example:6000" ]
            databases:
              app:    { cluster: main, dbname: app_prod, target: read-write, pool: { size: 10, mode: session } }
              app_ro: { cluster: main, dbname: app_prod, target: read-only }
              report: { cluster: other, target: prefer-standby }
            users:
              - { name: app, password: "${APP_PASSWORD}", auth: scram-sha-256, backend_password: "${APP_DB_PASSWORD:-secret}", pool_mode: session }
              - name: legacy
                password: md5a3556571e93b0d20722ba62be61e8c2d
              - { name: monitor, auth: trust, backend_user: pg_monitor }
            """;

    @Test
    void fullFileRoundTrip() throws ConfigException {
        SwitchboardConfig c = parse(FULL, Map.of("APP_PASSWORD", "s3cret"));

        assertEquals(new ListenConfig("0.0.0.0", 7432, Path.of("/tmp"), 500), c.listen());
        assertEquals(Path.of("/tmp/.s.PGSQL.7432"), c.listen().unixSocketPath());
        assertEquals(new LimitsConfig(64 << 20, Duration.ofSeconds(3), Duration.ofMillis(1500), Duration.ofSeconds(30),
                500), c.limits());
        assertEquals(new AuthConfig(ClientAuthMethod.MD5, null, true), c.auth());
        PoolConfig global = new PoolConfig(PoolMode.TRANSACTION, 30, Duration.ofSeconds(5), Duration.ofMinutes(1),
                Duration.ofHours(2), "");
        assertEquals(global, c.pool());

        assertEquals(List.of("main", "other"), List.copyOf(c.clusters().keySet()));
        assertEquals(new ClusterConfig("main", List.of(new NodeAddress("10.0.0.1", 5432),
                new NodeAddress("10.0.0.2", 5432), new NodeAddress("::1", 5433)),
                new MonitorConfig(Duration.ofMillis(100))), c.clusters().get("main"));
        assertEquals(MonitorConfig.defaults(), c.clusters().get("other").monitor());

        assertEquals(List.of("app", "app_ro", "report"), List.copyOf(c.databases().keySet()));
        assertEquals(new DatabaseConfig("app", "main", "app_prod", Target.READ_WRITE,
                new PoolConfig(PoolMode.SESSION, 10, Duration.ofSeconds(5), Duration.ofMinutes(1),
                        Duration.ofHours(2), "")), c.database("app").orElseThrow());
        assertEquals(new DatabaseConfig("app_ro", "main", "app_prod", Target.READ_ONLY, global),
                c.database("app_ro").orElseThrow());
        assertEquals(new DatabaseConfig("report", "other", "report", Target.PREFER_STANDBY, global),
                c.database("report").orElseThrow());
        assertTrue(c.database("nope").isEmpty());

        assertEquals(List.of("app", "legacy", "monitor"), List.copyOf(c.users().keySet()));
        assertEquals(new UserConfig("app", "s3cret", ClientAuthMethod.SCRAM_SHA_256, "app", "secret", PoolMode.SESSION),
                c.user("app").orElseThrow());
        UserConfig legacy = c.user("legacy").orElseThrow();
        assertEquals(ClientAuthMethod.MD5, legacy.auth(), "default method from auth.default_method");
        assertEquals(PasswordKind.MD5_HASH, legacy.passwordKind());
        assertNull(legacy.backendPassword(), "a hash is not copied to the backend password");
        assertEquals(new UserConfig("monitor", null, ClientAuthMethod.TRUST, "pg_monitor", null, null),
                c.user("monitor").orElseThrow());
        assertEquals(PoolMode.SESSION, c.database("app_ro").orElseThrow().poolModeFor(c.user("app").orElseThrow()));
        assertEquals(PoolMode.TRANSACTION, c.database("app_ro").orElseThrow().poolModeFor(legacy));
    }

    @Test
    void mapsAreUnmodifiable() throws ConfigException {
        SwitchboardConfig c = parse(FULL, Map.of("APP_PASSWORD", "x"));
        assertThrows(UnsupportedOperationException.class, () -> c.users().clear());
        assertThrows(UnsupportedOperationException.class, () -> c.databases().remove("app"));
        assertThrows(UnsupportedOperationException.class, () -> c.clusters().get("main").nodes().clear());
    }

    @Test
    void defaults() throws ConfigException {
        SwitchboardConfig c = parse("""
                clusters:
                  main: { nodes: [ localhost ] }
                databases:
                  app: {}
                """);
        assertEquals(ListenConfig.defaults(), c.listen());
        assertEquals(new ListenConfig("127.0.0.1", 6432, null, 10_000), c.listen());
        assertNull(c.listen().unixSocketPath());
        assertEquals(new LimitsConfig(1073741823, Duration.ofSeconds(10), Duration.ofSeconds(5), Duration.ofSeconds(30),
                10_000), c.limits());
        assertEquals(new PoolConfig(PoolMode.SESSION, 20, Duration.ofSeconds(30), Duration.ofMinutes(10),
                Duration.ofHours(1), "DISCARD ALL"), c.pool());
        assertEquals(new AuthConfig(ClientAuthMethod.SCRAM_SHA_256), c.auth());
        assertEquals(new ClusterConfig("main", List.of(new NodeAddress("localhost", 5432)),
                new MonitorConfig(Duration.ofMillis(250))), c.clusters().get("main"));
        // The only cluster is the default cluster; dbname defaults to the virtual name.
        assertEquals(new DatabaseConfig("app", "main", "app", Target.READ_WRITE, c.pool()), c.databases().get("app"));
        assertTrue(c.users().isEmpty());
    }

    @Test
    void userDefaults() throws ConfigException {
        SwitchboardConfig c = parse("""
                clusters: { main: { nodes: [ "h:1" ] } }
                databases: { app: {} }
                users:
                  - { name: alice, password: pw }
                """);
        assertEquals(new UserConfig("alice", "pw", ClientAuthMethod.SCRAM_SHA_256, "alice", "pw", null),
                c.user("alice").orElseThrow());
    }

    @Test
    void nullValuesMeanDefault() throws ConfigException {
        SwitchboardConfig c = parse("""
                listen:
                  port: ~
                pool:
                clusters: { main: { nodes: [ "h:1" ] } }
                databases: { app: { dbname: null } }
                """);
        assertEquals(6432, c.listen().port());
        assertEquals(PoolConfig.defaults(), c.pool());
        assertEquals("app", c.databases().get("app").dbname());
    }

    @Test
    void anchorsAndMergeKeys() throws ConfigException {
        SwitchboardConfig c = parse("""
                clusters: { main: { nodes: [ "h:1" ] } }
                databases:
                  app: &base { cluster: main, target: read-only, pool: { size: 3 } }
                  app2: { <<: *base, dbname: other, target: any }
                """);
        DatabaseConfig app2 = c.databases().get("app2");
        assertEquals("other", app2.dbname());
        assertEquals(Target.ANY, app2.target(), "explicit keys win over merged ones");
        assertEquals(3, app2.pool().size());
    }

    @Test
    void loadsFileFromDisk(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("switchboard.yaml");
        Files.writeString(file, "\uFEFFclusters: { main: { nodes: [ \"h:1\" ] } }\ndatabases: { app: {} }\n",
                StandardCharsets.UTF_8);
        assertEquals("h", ConfigLoader.load(file).clusters().get("main").nodes().get(0).host());
    }

    @Test
    void fileErrorsNameTheFile(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("switchboard.yaml");
        Files.writeString(file, "clusters:\n  main: { nodes: [ \"h:1\" ] }\ndatabases: { app: { target: primary } }\n");
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(file));
        assertEquals(file + ":3: databases.app.target: unknown value \"primary\"; expected one of read-write, "
                + "read-only, prefer-standby, any", e.getMessage());

        Path missing = dir.resolve("missing.yaml");
        e = assertThrows(ConfigException.class, () -> ConfigLoader.load(missing));
        assertEquals(missing + ": file not found", e.getMessage());

        Path binary = dir.resolve("binary.yaml");
        Files.write(binary, new byte[] {'a', ':', ' ', (byte) 0xC3, (byte) 0x28});
        single(assertThrows(ConfigException.class, () -> ConfigLoader.load(binary)).errors(), 0, "", "UTF-8");
    }

    @Test
    void userToStringHidesPasswords() throws ConfigException {
        UserConfig u = parse(FULL, Map.of("APP_PASSWORD", "s3cret")).user("app").orElseThrow();
        String text = u.toString();
        assertTrue(!text.contains("s3cret") && !text.contains("secret") && text.contains("PLAINTEXT"), text);
    }
}
