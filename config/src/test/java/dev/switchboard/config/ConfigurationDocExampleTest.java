// The full example in the configuration reference (docs/configuration.md) must load as documented.
package dev.switchboard.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfigurationDocExampleTest {

    @Test
    void fullExampleLoads() throws Exception {
        String reference = Files.readString(Path.of("..", "docs", "configuration.md"));
        int section = reference.indexOf("## Full example");
        assertTrue(section >= 0, "docs/configuration.md has no \"## Full example\" section");
        int start = reference.indexOf("```yaml\n", section) + "```yaml\n".length();
        String yaml = reference.substring(start, reference.indexOf("```", start));

        SwitchboardConfig c = ConfigLoader.parse(yaml, "configuration.md",
                Map.of("APP_PASSWORD", "a", "REPORTING_DB_PASSWORD", "b", "MONITOR_PASSWORD", "m"));

        assertEquals(1 << 30, c.limits().maxMessageSize());
        assertEquals(10, c.database("app").orElseThrow().pool().size());
        assertEquals(PoolMode.TRANSACTION, c.database("app_ro").orElseThrow().pool().mode());
        assertEquals("secret", c.user("app").orElseThrow().backendPassword());
        assertEquals(PasswordKind.SCRAM_SECRET, c.user("reporting").orElseThrow().passwordKind());
        assertEquals(ClientAuthMethod.TRUST, c.user("healthcheck").orElseThrow().auth());
        assertEquals(2, c.database("app").orElseThrow().pool().minIdle());
        assertEquals(50, c.database("app").orElseThrow().maxServerConnections());
        assertEquals(500, c.user("app").orElseThrow().maxClientConnections());
        assertEquals(new ConsoleUsers(java.util.List.of("app"), java.util.List.of("reporting")), c.console());

        assertEquals(new HttpConfig("127.0.0.1", 9930), c.http());
        ClusterConfig main = c.cluster("main").orElseThrow();
        assertEquals(new MonitorConfig(Duration.ofMillis(250), "switchboard_monitor", "m", "postgres",
                Duration.ofSeconds(2)), main.monitor());
        assertEquals(Duration.ofSeconds(10), main.failover().holdTimeout());
        assertEquals(new AuthorityConfig(List.of(URI.create("http://127.0.0.1:8008"),
                URI.create("http://127.0.0.1:8009")), Duration.ofMillis(500)), main.authority());
        DatabaseConfig ro = c.database("app_ro").orElseThrow();
        assertEquals(MaxLag.ofBytes(1 << 20), ro.maxLag());
        assertTrue(ro.readYourWrites());
        assertEquals(MaxLag.ofTime(Duration.ofSeconds(30)), c.database("app_report").orElseThrow().maxLag());
        assertNull(c.database("app").orElseThrow().maxLag());
    }
}
