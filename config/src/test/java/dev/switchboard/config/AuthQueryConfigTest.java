// The auth.query section: looking up users that are not configured.
package dev.switchboard.config;

import static dev.switchboard.config.ConfigAssertions.errors;
import static dev.switchboard.config.ConfigAssertions.parse;
import static dev.switchboard.config.ConfigAssertions.single;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class AuthQueryConfigTest {
    private static final String BASE = "clusters:\n  main: { nodes: [ h ] }\ndatabases:\n  app: {}\n";

    @Test
    void absentMeansNoLookup() throws ConfigException {
        assertNull(parse(BASE).auth().query());
    }

    @Test
    void defaultsReadPgAuthid() throws ConfigException {
        AuthConfig.Query q = parse("auth:\n  query: { user: sb_auth }\n" + BASE).auth().query();
        assertEquals(new AuthConfig.Query("sb_auth", null, AuthConfig.Query.DEFAULT_SQL, Duration.ofSeconds(30)), q);
    }

    @Test
    void everyKeyIsReadAndThePasswordIsNeverPrinted() throws ConfigException {
        AuthConfig.Query q = parse("auth:\n  query: { user: a, password: hunter2, sql: \"SELECT * FROM f($1)\", cache: 0 }\n"
                + BASE).auth().query();
        assertEquals(new AuthConfig.Query("a", "hunter2", "SELECT * FROM f($1)", Duration.ZERO), q);
        assertFalse(q.toString().contains("hunter2"), q.toString());
    }

    @Test
    void theUserIsRequiredAndTheQueryMustTakeTheName() {
        single(errors("auth:\n  query: { sql: \"SELECT 1 WHERE $1 = ''\" }\n" + BASE), 2, "auth.query.user", "required");
        single(errors("auth:\n  query: { user: a, sql: \"SELECT rolpassword FROM pg_authid\" }\n" + BASE), 2,
                "auth.query.sql", "$1");
    }
}
