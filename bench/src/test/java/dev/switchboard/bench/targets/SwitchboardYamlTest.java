// SwitchboardYamlTest: the generated proxy configuration loads and says transaction mode, pool size, md5, Unix sockets.
package dev.switchboard.bench.targets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.config.ClientAuthMethod;
import dev.switchboard.config.ConfigLoader;
import dev.switchboard.config.DatabaseConfig;
import dev.switchboard.config.NodeAddress;
import dev.switchboard.config.PoolMode;
import dev.switchboard.config.SwitchboardConfig;
import dev.switchboard.config.TlsConfig;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SwitchboardYamlTest {

    @Test
    void loadsWithTheBenchSettings() throws Exception {
        SwitchboardConfig config = parse();
        assertEquals(7000, config.listen().port());
        assertEquals(SwitchboardYaml.MAX_CLIENTS, config.listen().maxClientConnections());
        assertEquals(PoolMode.TRANSACTION, config.pool().mode());
        assertEquals(20, config.pool().size());
        assertEquals(ClientAuthMethod.MD5, config.users().get("app").auth());
        assertEquals(TlsConfig.ClientMode.ALLOW, config.tls().client().mode(), "the TLS rows ask for it");
        assertEquals(TlsConfig.ServerMode.DISABLE, config.tls().server().modeFor("127.0.0.1"), "as PgBouncer's");
    }

    @Test
    void unixSocketForClientsAndADatabaseOnPostgresSocketWithTheSameTables() throws Exception {
        SwitchboardConfig config = parse();
        assertEquals(Path.of("/tmp/sb/.s.PGSQL.7000"), config.listen().unixSocketPath());
        DatabaseConfig unix = config.databases().get("app_unix");
        assertEquals("app", unix.dbname(), "pgbench -i's tables are in app");
        assertEquals(List.of(new NodeAddress("/tmp/pg/node0", 5433)), config.clusters().get(unix.cluster()).nodes());
        assertTrue(config.clusters().get(unix.cluster()).nodes().get(0).isUnixSocket());
        assertEquals(config.databases().get("app").pool(), unix.pool(), "the same pool settings as app");
    }

    private static SwitchboardConfig parse() throws Exception {
        String yaml = SwitchboardYaml.render(7000, Path.of("/tmp/sb"), "127.0.0.1", 5433, Path.of("/tmp/pg/node0"),
                Credentials.APP, 20, new ClientTlsFiles(Path.of("/b/server.crt"), Path.of("/b/server.key")));
        return ConfigLoader.parse(yaml, "bench", Map.of());
    }
}
