// ProxyConfigTest: the test proxy's YAML builder writes the default document and merges a test's changes into it.
package dev.switchboard.proxy.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.switchboard.config.ConfigLoader;
import dev.switchboard.config.PoolMode;
import dev.switchboard.config.SwitchboardConfig;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProxyConfigTest {

    @Test
    void theDefaultDocument() {
        assertEquals("""
                listen: { address: 127.0.0.1, port: 0 }
                pool: { mode: session, size: 10, wait_timeout: 5s }
                clusters:
                  main: { nodes: [ "${PRIMARY}" ] }
                databases:
                  app: { cluster: main, dbname: app }
                  postgres: { cluster: main, dbname: postgres }
                users:
                  - { name: app, password: app, auth: scram-sha-256 }
                  - { name: app_md5, password: app_md5, auth: md5 }
                  - { name: app_clear, password: app_clear, auth: scram-sha-256 }
                  - { name: app_scram, password: app_scram, auth: scram-sha-256 }
                """, new ProxyConfig().yaml());
    }

    @Test
    void aFieldGivenAgainReplacesItsValueInPlaceAndNewEntriesComeLast() throws Exception {
        String yaml = new ProxyConfig().mode("transaction").poolSize(1).limits("stall_timeout: 1s")
                .database("app", "max_server_connections: 2").user("raw", "auth: trust", "backend_user: app").yaml();
        assertEquals("""
                listen: { address: 127.0.0.1, port: 0 }
                pool: { mode: transaction, size: 1, wait_timeout: 5s }
                limits: { stall_timeout: 1s }
                clusters:
                  main: { nodes: [ "${PRIMARY}" ] }
                databases:
                  app: { cluster: main, dbname: app, max_server_connections: 2 }
                  postgres: { cluster: main, dbname: postgres }
                users:
                  - { name: app, password: app, auth: scram-sha-256 }
                  - { name: app_md5, password: app_md5, auth: md5 }
                  - { name: app_clear, password: app_clear, auth: scram-sha-256 }
                  - { name: app_scram, password: app_scram, auth: scram-sha-256 }
                  - { name: raw, auth: trust, backend_user: app }
                """, yaml);
        SwitchboardConfig config = ConfigLoader.parse(yaml.replace("${PRIMARY}", "127.0.0.1:5432"), "test.yaml", Map.of());
        assertEquals(PoolMode.TRANSACTION, config.pool().mode());
        assertEquals(2, config.database("app").orElseThrow().maxServerConnections());
        assertEquals("app", config.user("raw").orElseThrow().backendUser());
    }

    @Test
    void aFieldWithoutKeyAndValueIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new ProxyConfig().pool("size=1"));
    }
}
