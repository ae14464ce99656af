// SwitchboardYamlTest: the generated proxy configuration loads and says transaction mode, pool size, md5.
package dev.switchboard.bench.targets;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.switchboard.config.ClientAuthMethod;
import dev.switchboard.config.ConfigLoader;
import dev.switchboard.config.PoolMode;
import dev.switchboard.config.SwitchboardConfig;
import dev.switchboard.config.TlsConfig;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SwitchboardYamlTest {

    @Test
    void loadsWithTheBenchSettings() throws Exception {
        String yaml = SwitchboardYaml.render(7000, "127.0.0.1", 5433, Credentials.APP, 20,
                new ClientTlsFiles(Path.of("/b/server.crt"), Path.of("/b/server.key")));
        SwitchboardConfig config = ConfigLoader.parse(yaml, "bench", Map.of());
        assertEquals(7000, config.listen().port());
        assertEquals(SwitchboardYaml.MAX_CLIENTS, config.listen().maxClientConnections());
        assertEquals(PoolMode.TRANSACTION, config.pool().mode());
        assertEquals(20, config.pool().size());
        assertEquals(ClientAuthMethod.MD5, config.users().get("app").auth());
        assertEquals(TlsConfig.ClientMode.ALLOW, config.tls().client().mode(), "the TLS rows ask for it");
        assertEquals(TlsConfig.ServerMode.DISABLE, config.tls().server().modeFor("127.0.0.1"), "as PgBouncer's");
    }
}
