// The fallback database "*": any name no other entry has is served by the cluster's database of that name.
package dev.switchboard.config;

import static dev.switchboard.config.ConfigAssertions.errors;
import static dev.switchboard.config.ConfigAssertions.parse;
import static dev.switchboard.config.ConfigAssertions.single;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class FallbackDatabaseTest {
    private static final String CLUSTERS = "clusters:\n  main: { nodes: [ h ] }\n";

    @Test
    void anyOtherNameIsTheSameNamedDatabaseWithTheFallbacksSettings() throws ConfigException {
        SwitchboardConfig c = parse(CLUSTERS + "databases:\n  app: { dbname: real }\n"
                + "  \"*\": { cluster: main, target: read-only, pool: { mode: transaction } }\n");
        assertEquals("real", c.database("app").orElseThrow().dbname(), "a configured name keeps its entry");
        DatabaseConfig other = c.database("reports").orElseThrow();
        assertEquals("reports", other.name());
        assertEquals("reports", other.dbname());
        assertEquals(Target.READ_ONLY, other.target());
        assertEquals(PoolMode.TRANSACTION, other.pool().mode());
    }

    @Test
    void withoutAFallbackAnUnknownNameIsUnknown() throws ConfigException {
        assertTrue(parse(CLUSTERS + "databases:\n  app: {}\n").database("reports").isEmpty());
    }

    @Test
    void theFallbackTakesNoDbname() {
        single(errors(CLUSTERS + "databases:\n  \"*\": { dbname: x }\n"), 4, "databases.*.dbname", "takes no dbname");
    }
}
