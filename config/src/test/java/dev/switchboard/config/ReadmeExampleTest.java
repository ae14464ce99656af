// The full example in the configuration reference (top-level README.md) must load as documented.
package dev.switchboard.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReadmeExampleTest {

    @Test
    void fullExampleLoads() throws Exception {
        String readme = Files.readString(Path.of("..", "README.md"));
        int section = readme.indexOf("### Full example");
        int start = readme.indexOf("```yaml\n", section) + "```yaml\n".length();
        String yaml = readme.substring(start, readme.indexOf("```", start));

        SwitchboardConfig c = ConfigLoader.parse(yaml, "README.md",
                Map.of("APP_PASSWORD", "a", "REPORTING_DB_PASSWORD", "b"));

        assertEquals(1 << 30, c.limits().maxMessageSize());
        assertEquals(10, c.database("app").orElseThrow().pool().size());
        assertEquals(PoolMode.TRANSACTION, c.database("app_ro").orElseThrow().pool().mode());
        assertEquals("secret", c.user("app").orElseThrow().backendPassword());
        assertEquals(PasswordKind.SCRAM_SECRET, c.user("reporting").orElseThrow().passwordKind());
        assertEquals(ClientAuthMethod.TRUST, c.user("healthcheck").orElseThrow().auth());
        assertEquals(2, c.database("app").orElseThrow().pool().minIdle());
        assertEquals(50, c.database("app").orElseThrow().maxServerConnections());
        assertEquals(500, c.user("app").orElseThrow().maxClientConnections());
    }
}
