// ConfigDiffTest: what a reload applies, what it names for a restart, and the configuration it leaves running.
package dev.switchboard.proxy.reload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.config.ConfigException;
import dev.switchboard.config.ConfigLoader;
import dev.switchboard.config.SwitchboardConfig;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfigDiffTest {

    private static final String BASE = """
            listen: { address: 127.0.0.1, port: %d }
            pool: { mode: transaction, size: 4 }
            clusters:
              main: { nodes: [ "127.0.0.1:5432" ] }
            databases:
              app: { cluster: main, dbname: app%s }
              old: { cluster: main, dbname: old }
            users:
              - { name: app, password: app }
              - { name: bob, password: %s }
              - { name: gone, password: gone }
            """;

    private static SwitchboardConfig config(String yaml) throws ConfigException {
        return ConfigLoader.parse(yaml, "test.yaml", Map.of());
    }

    @Test
    void sameFileChangesNothing() throws ConfigException {
        SwitchboardConfig running = config(BASE.formatted(6432, "", "bob"));
        ConfigDiff diff = ConfigDiff.between(running, config(BASE.formatted(6432, "", "bob")));
        assertTrue(diff.isEmpty());
        assertEquals("no change", diff.describe());
        assertEquals(running, diff.applicable());
    }

    @Test
    void poolSizeDatabasesAndUsers() throws ConfigException {
        SwitchboardConfig running = config(BASE.formatted(6432, "", "bob"));
        SwitchboardConfig next = config("""
                listen: { address: 127.0.0.1, port: 6432 }
                pool: { mode: transaction, size: 4 }
                clusters:
                  main: { nodes: [ "127.0.0.1:5432" ] }
                databases:
                  app: { cluster: main, dbname: app, pool: { size: 9 } }
                  fresh: { cluster: main, dbname: fresh }
                users:
                  - { name: app, password: app }
                  - { name: bob, password: secret }
                  - { name: carol, password: carol }
                """);
        ConfigDiff diff = ConfigDiff.between(running, next);
        assertEquals(List.of("fresh"), diff.databasesAdded());
        assertEquals(List.of("old"), diff.databasesRemoved());
        assertEquals(List.of("app"), diff.poolsChanged());
        assertEquals(List.of(), diff.databasesRetargeted());
        assertEquals(List.of("carol"), diff.usersAdded());
        assertEquals(List.of("gone"), diff.usersRemoved());
        assertEquals(List.of("bob"), diff.usersChanged());
        assertEquals(List.of(), diff.needRestart());
        assertEquals(next, diff.applicable());
        assertEquals("databases added: fresh; databases removed: old; pools resized or reconfigured: app; "
                + "users added: carol; users removed: gone; users changed: bob", diff.describe());
    }

    @Test
    void startBoundKeysAreNamedAndKeepTheirRunningValue() throws ConfigException {
        SwitchboardConfig running = config(BASE.formatted(6432, "", "bob"));
        SwitchboardConfig next = config(BASE.formatted(7432, ", pool: { size: 2 }", "bob"));
        ConfigDiff diff = ConfigDiff.between(running, next);
        assertEquals(List.of("listen"), diff.needRestart());
        assertEquals(List.of("app"), diff.poolsChanged());
        assertEquals(6432, diff.applicable().listen().port());
        assertEquals(2, diff.applicable().databases().get("app").pool().size());
        assertTrue(diff.describe().endsWith("not applied, need a restart: listen"), diff.describe());
    }

    @Test
    void databaseOnANewClusterWaitsForARestart() throws ConfigException {
        SwitchboardConfig running = config(BASE.formatted(6432, "", "bob"));
        SwitchboardConfig next = config(BASE.formatted(6432, "", "bob").replace(
                "  old: { cluster: main, dbname: old }",
                "  old: { cluster: main, dbname: old }\n  elsewhere: { cluster: second, dbname: x }").replace(
                "  main: { nodes: [ \"127.0.0.1:5432\" ] }",
                "  main: { nodes: [ \"127.0.0.1:5432\" ] }\n  second: { nodes: [ \"127.0.0.1:5433\" ] }"));
        ConfigDiff diff = ConfigDiff.between(running, next);
        assertEquals(List.of("clusters", "databases.elsewhere.cluster"), diff.needRestart());
        assertTrue(diff.databasesAdded().isEmpty());
        assertFalse(diff.applicable().databases().containsKey("elsewhere"));
        assertEquals(running.clusters(), diff.applicable().clusters());
    }

    @Test
    void aClustersNodesApplyLiveAndItsOtherSettingsWait() throws ConfigException {
        SwitchboardConfig running = config(BASE.formatted(6432, "", "bob"));
        SwitchboardConfig next = config(BASE.formatted(6432, "", "bob").replace(
                "  main: { nodes: [ \"127.0.0.1:5432\" ] }",
                "  main: { nodes: [ \"127.0.0.1:5432\", \"127.0.0.1:5433\" ], monitor: { interval: 1s } }"));
        ConfigDiff diff = ConfigDiff.between(running, next);
        assertEquals(List.of("main"), diff.clusterNodesChanged());
        assertEquals(List.of("clusters"), diff.needRestart(), "the monitor interval waits for a restart");
        assertEquals(next.clusters().get("main").nodes(), diff.applicable().clusters().get("main").nodes());
        assertEquals(running.clusters().get("main").monitor(), diff.applicable().clusters().get("main").monitor());
        assertTrue(diff.describe().contains("cluster nodes changed: main"), diff.describe());
    }

    @Test
    void anotherRealDatabaseReplacesThePools() throws ConfigException {
        SwitchboardConfig running = config(BASE.formatted(6432, "", "bob"));
        SwitchboardConfig next = config(BASE.formatted(6432, "2", "bob"));
        ConfigDiff diff = ConfigDiff.between(running, next);
        assertEquals(List.of("app"), diff.databasesRetargeted());
        assertTrue(diff.poolsChanged().isEmpty());
    }
}
