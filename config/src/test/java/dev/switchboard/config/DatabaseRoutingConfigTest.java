// Database keys for topology routing: max_lag and read_your_writes, and the targets and pool modes they need.
package dev.switchboard.config;

import static dev.switchboard.config.ConfigAssertions.errors;
import static dev.switchboard.config.ConfigAssertions.has;
import static dev.switchboard.config.ConfigAssertions.parse;
import static dev.switchboard.config.ConfigAssertions.single;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class DatabaseRoutingConfigTest {

    /** Clusters and the databases heading; database lines that follow start at line 4. */
    private static final String HEAD = "clusters:\n  main: { nodes: [ h ] }\ndatabases:\n";
    /** The same, below a global transaction-mode pool: database lines start at line 5. */
    private static final String TXN = "pool: { mode: transaction }\n" + HEAD;

    @Test
    void defaults() throws ConfigException {
        DatabaseConfig app = parse(HEAD + "  app: {}\n").database("app").orElseThrow();
        assertNull(app.maxLag(), "unbounded");
        assertFalse(app.readYourWrites());
        assertEquals(new DatabaseConfig("app", "main", "app", Target.READ_WRITE, PoolConfig.defaults(), 0, null,
                false), app);
        assertEquals(app, new DatabaseConfig("app", "main", "app", Target.READ_WRITE, PoolConfig.defaults()));
        assertEquals(app, new DatabaseConfig("app", "main", "app", Target.READ_WRITE, PoolConfig.defaults(), 0));
    }

    @Test
    void valuesAreRead() throws ConfigException {
        SwitchboardConfig c = parse(TXN + """
                  a: { target: read-only, max_lag: 1MB }
                  b: { target: prefer-standby, max_lag: 100ms, read_your_writes: true }
                  c: { target: any, max_lag: 0, read_your_writes: false }
                  d: { target: any, max_lag: 1048576 }
                  e: { target: read-only, read_your_writes: True, pool: { mode: statement } }
                  f: { target: read-only, read_your_writes: false, pool: { mode: session } }
                """);
        assertEquals(MaxLag.ofBytes(1 << 20), c.database("a").orElseThrow().maxLag());
        DatabaseConfig b = c.database("b").orElseThrow();
        assertEquals(MaxLag.ofTime(Duration.ofMillis(100)), b.maxLag());
        assertTrue(b.readYourWrites());
        assertEquals(MaxLag.ofBytes(0), c.database("c").orElseThrow().maxLag());
        assertFalse(c.database("c").orElseThrow().readYourWrites());
        assertEquals(MaxLag.ofBytes(1_048_576), c.database("d").orElseThrow().maxLag());
        assertTrue(c.database("e").orElseThrow().readYourWrites());
        assertFalse(c.database("f").orElseThrow().readYourWrites(), "false is fine in session mode");
    }

    @Test
    void maxLagIsRefusedWithTargetReadWrite() {
        ConfigError e = single(errors(HEAD + "  app: { target: read-write, max_lag: 1MB }\n"), 4,
                "databases.app.max_lag", "max_lag");
        assertEquals("switchboard.yaml:4: databases.app.max_lag: max_lag bounds standby lag, and target read-write "
                + "never uses a standby", e.toString());
        single(errors(HEAD + "  app:\n    max_lag: 1s\n"), 5, "databases.app.max_lag",
                "max_lag bounds standby lag, and target read-write (the default) never uses a standby");
        // After a wrong target only that error is reported: the max_lag check would guess.
        single(errors(HEAD + "  app: { target: primary, max_lag: 1s }\n"), 4, "databases.app.target",
                "unknown value \"primary\"");
    }

    @Test
    void badMaxLagValuesNameLineAndField() {
        single(errors(HEAD + "  app: { target: read-only, max_lag: -1s }\n"), 4, "databases.app.max_lag", "negative");
        single(errors(HEAD + "  app: { target: read-only, max_lag: -1 }\n"), 4, "databases.app.max_lag", "negative");
        single(errors(HEAD + "  app: { target: any, max_lag: 5sec }\n"), 4, "databases.app.max_lag",
                "unknown unit \"sec\"");
        single(errors(HEAD + "  app: { target: any, max_lag: 1.5MB }\n"), 4, "databases.app.max_lag",
                "fractions are not supported");
        single(errors(HEAD + "  app: { target: any, max_lg: 1s }\n"), 4, "databases.app.max_lg",
                "unknown key; did you mean \"max_lag\"?");
    }

    @Test
    void readYourWritesNeedsTransactionOrStatementMode() {
        ConfigError e = single(errors(HEAD + "  app: { target: read-only, read_your_writes: true }\n"), 4,
                "databases.app.read_your_writes", "read_your_writes");
        assertEquals("switchboard.yaml:4: databases.app.read_your_writes: read_your_writes needs pool mode "
                + "transaction or statement: a session stays on one node", e.toString());
        // The database's own pool mode counts, not the global one.
        single(errors(TXN + "  app:\n    target: any\n    pool: { mode: session }\n    read_your_writes: true\n"), 8,
                "databases.app.read_your_writes", "needs pool mode transaction or statement");
    }

    @Test
    void readYourWritesIsRefusedWithTargetReadWrite() {
        single(errors(TXN + "  app: { read_your_writes: true }\n"), 5, "databases.app.read_your_writes",
                "pointless with target read-write (the default): everything goes to the primary");
        single(errors(TXN + "  app: { target: read-write, read_your_writes: true }\n"), 5,
                "databases.app.read_your_writes", "pointless with target read-write: everything goes to the primary");
        List<ConfigError> both = errors(HEAD + "  app: { read_your_writes: true }\n");
        assertEquals(2, both.size(), ConfigAssertions.join(both));
        has(both, 4, "databases.app.read_your_writes", "pointless with target read-write");
        has(both, 4, "databases.app.read_your_writes", "needs pool mode transaction or statement");
    }

    @Test
    void readYourWritesIsABoolean() {
        single(errors(TXN + "  app: { target: any, read_your_writes: yes }\n"), 5, "databases.app.read_your_writes",
                "expected true or false, got \"yes\"");
        single(errors(TXN + "  app: { target: any, read-your-writes: true }\n"), 5, "databases.app.read-your-writes",
                "did you mean \"read_your_writes\"?");
    }
}
