// ConsoleUsersConfigTest: admin_users and stats_users — YAML lists or PgBouncer's strings — and the console's names.
package dev.switchboard.config;

import static dev.switchboard.config.ConfigAssertions.errors;
import static dev.switchboard.config.ConfigAssertions.parse;
import static dev.switchboard.config.ConfigAssertions.single;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class ConsoleUsersConfigTest {
    private static final String BASE = "clusters:\n  main: { nodes: [ h ] }\ndatabases:\n  app: {}\n";

    @Test
    void absentMeansNobody() throws ConfigException {
        assertEquals(ConsoleUsers.NONE, parse(BASE).console());
    }

    @Test
    void listsAndCommaSeparatedStrings() throws ConfigException {
        ConsoleUsers console = parse("admin_users: [ ops, root ]\nstats_users: \"monitor, exporter\"\n" + BASE)
                .console();
        assertEquals(List.of("ops", "root"), console.adminUsers());
        assertEquals(List.of("monitor", "exporter"), console.statsUsers());
        assertTrue(console.isAdmin("ops"));
        assertTrue(console.mayShow("ops"));
        assertTrue(console.mayShow("exporter"));
        assertFalse(console.isAdmin("exporter"));
        assertFalse(console.mayShow("app"));
    }

    @Test
    void emptyNamesAndTheConsoleNamesAreRefused() {
        single(errors("admin_users: \"ops,,root\"\n" + BASE), 1, "admin_users", "a user name cannot be empty");
        single(errors("clusters:\n  main: { nodes: [ h ] }\ndatabases:\n  app: {}\n  pgbouncer: {}\n"), 5,
                "databases.pgbouncer", "the name of the admin console");
    }
}
