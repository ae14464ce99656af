// PgbouncerConversionTest: three real-world-style PgBouncer setups convert to configurations check-config accepts.
package dev.switchboard.proxy.pgbouncer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.config.ClientAuthMethod;
import dev.switchboard.config.ConfigException;
import dev.switchboard.config.ConfigLoader;
import dev.switchboard.config.NodeAddress;
import dev.switchboard.config.PoolMode;
import dev.switchboard.config.SwitchboardConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each converted document is loaded by {@link ConfigLoader#load}, what {@code switchboard check-config} runs, and a
 * few of its values are checked against the ini; the notices must name what was left out, never a secret.
 */
class PgbouncerConversionTest {
    private static final Path RESOURCES = Path.of("src", "test", "resources", "pgbouncer");

    @TempDir
    Path dir;

    private SwitchboardConfig load(PgbouncerConversion.Result result) throws Exception {
        Path yaml = dir.resolve("switchboard.yaml");
        Files.writeString(yaml, result.yaml());
        try {
            return ConfigLoader.load(yaml);
        } catch (ConfigException e) {
            throw new AssertionError(e.getMessage() + "\n--- converted:\n" + result.yaml(), e);
        }
    }

    private static void assertNoticesName(List<String> notices, String... keys) {
        for (String key : keys) {
            assertTrue(notices.stream().anyMatch(n -> n.contains(key)), key + " is not reported: " + notices);
        }
    }

    private static void assertNoSecrets(List<String> notices, String... secrets) {
        for (String secret : secrets) {
            assertFalse(notices.stream().anyMatch(n -> n.contains(secret)), "a notice shows a secret: " + notices);
        }
    }

    @Test
    void sidecarWithScramSecrets() throws Exception {
        PgbouncerConversion.Result result = PgbouncerConversion.convert(RESOURCES.resolve("sidecar/pgbouncer.ini"));
        SwitchboardConfig config = load(result);

        assertEquals("127.0.0.1", config.listen().address());
        assertEquals(6432, config.listen().port());
        assertEquals(PoolMode.TRANSACTION, config.database("orders").orElseThrow().pool().mode());
        assertEquals(10, config.database("orders").orElseThrow().pool().size());
        assertEquals(2, config.database("orders").orElseThrow().pool().minIdle());
        assertEquals("orders-db.internal", config.cluster("main").orElseThrow().nodes().get(0).host());
        assertEquals(ClientAuthMethod.SCRAM_SHA_256, config.auth().defaultMethod());
        assertEquals("S3cr3t-${not-a-variable}-\"quoted\"", config.user("orders_admin").orElseThrow().password(),
                "a password is taken literally, never as an environment variable");
        assertEquals(List.of("orders_admin"), config.console().adminUsers());
        assertNoticesName(result.notices(), "logfile", "pidfile", "ignore_startup_parameters", "stats_period");
        assertNoSecrets(result.notices(), "S3cr3t", "SCRAM-SHA-256$");
    }

    @Test
    void gatewayWithTlsAuthQueryAndAFallbackDatabase() throws Exception {
        PgbouncerConversion.Result result = PgbouncerConversion.convert(RESOURCES.resolve("gateway/pgbouncer.ini"));
        SwitchboardConfig config = load(result);

        assertEquals("0.0.0.0", config.listen().address());
        assertEquals(2, config.clusters().size(), "the primary's and the replica's host: " + config.clusters());
        assertEquals(80, config.database("app").orElseThrow().maxServerConnections());
        assertEquals(100, config.database("reports").orElseThrow().maxServerConnections());
        assertEquals("analytics", config.database("reports").orElseThrow().dbname());
        assertTrue(config.databases().containsKey("*"), "the fallback database");
        assertEquals(PoolMode.SESSION, config.database("app_ro").orElseThrow().pool().mode());
        assertEquals("pgbouncer_auth", config.auth().query().user());
        assertEquals("SELECT usename, passwd FROM pgbouncer.get_auth($1)", config.auth().query().sql());
        assertEquals(ClientAuthMethod.MD5, config.user("ops").orElseThrow().auth(), "an md5 hash checks md5 logins");
        assertTrue(config.tls().client().enabled());
        assertNoticesName(result.notices(), "reserve_pool", "client_tls_protocols", "idle_transaction_timeout",
                "nobody_listed", "auth_dbname", "client_encoding", "auth_file");
        assertNoSecrets(result.notices(), "metrics-only", "auth-lookup-secret", "md52b3b7f");
    }

    @Test
    void legacySessionPoolerWithForcedUsersAndPlainPasswords() throws Exception {
        PgbouncerConversion.Result result = PgbouncerConversion.convert(RESOURCES.resolve("legacy/pgbouncer.ini"));
        SwitchboardConfig config = load(result);

        assertEquals(6543, config.listen().port());
        assertEquals("shop_production", config.database("shop").orElseThrow().dbname());
        assertEquals(25, config.database("shop").orElseThrow().pool().size());
        assertEquals("admin \"with\" quotes", config.user("admin").orElseThrow().password());
        assertEquals(3, config.users().size(), "the malformed line is left out: " + config.users());
        String legacyCluster = config.database("legacy").orElseThrow().cluster();
        assertEquals(List.of(new NodeAddress("/var/run/postgresql", 5432)),
                config.clusters().get(legacyCluster).nodes(), "a socket directory stays the node's Unix socket");
        assertNoticesName(result.notices(), "listen_addr", "auth_type = plain", "[databases] shop user",
                "connect_query", "[users] shop", "users.txt:5", "server_check_query", "syslog");
        assertTrue(result.notices().stream().noneMatch(n -> n.contains("Unix socket")), result.notices().toString());
        assertNoSecrets(result.notices(), "shop-db-pass", "shop-pass", "rep0rt");
    }
}
