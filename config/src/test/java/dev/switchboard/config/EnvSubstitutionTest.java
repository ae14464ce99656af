// ${NAME}, ${NAME:-default} and $${ in configuration values.
package dev.switchboard.config;

import static dev.switchboard.config.ConfigAssertions.errors;
import static dev.switchboard.config.ConfigAssertions.has;
import static dev.switchboard.config.ConfigAssertions.parse;
import static dev.switchboard.config.ConfigAssertions.single;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EnvSubstitutionTest {

    private static final Map<String, String> ENV = Map.of("HOST", "db1", "EMPTY", "", "PORT", "6000");

    @Test
    void substitutesVariables() {
        assertEquals("db1", EnvSubstitution.apply("${HOST}", ENV));
        assertEquals("db1:6000/x", EnvSubstitution.apply("${HOST}:${PORT}/x", ENV));
        assertEquals("", EnvSubstitution.apply("${EMPTY}", ENV), "set but empty is still set");
        assertEquals("no dollars", EnvSubstitution.apply("no dollars", ENV));
        assertEquals("a$b $ $$ $x", EnvSubstitution.apply("a$b $ $$ $x", ENV), "a lone $ is literal");
    }

    @Test
    void defaults() {
        assertEquals("fallback", EnvSubstitution.apply("${UNSET:-fallback}", ENV));
        assertEquals("fallback", EnvSubstitution.apply("${EMPTY:-fallback}", ENV), "empty takes the default, as in sh");
        assertEquals("db1", EnvSubstitution.apply("${HOST:-fallback}", ENV));
        assertEquals("", EnvSubstitution.apply("${UNSET:-}", ENV));
        assertEquals("a:-b", EnvSubstitution.apply("${UNSET:-a:-b}", ENV));
    }

    @Test
    void escape() {
        assertEquals("${HOST}", EnvSubstitution.apply("$${HOST}", ENV));
        assertEquals("x${y}db1", EnvSubstitution.apply("x$${y}${HOST}", ENV));
        assertEquals("$${X}", EnvSubstitution.apply("$$${X}", ENV), "only the $ right before ${ is consumed");
    }

    @Test
    void errorsNameTheVariableButNotTheDefault() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> EnvSubstitution.apply("${APP_PASSWORD}", ENV));
        assertEquals("environment variable APP_PASSWORD is not set (write ${APP_PASSWORD:-default} to give a default)",
                e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> EnvSubstitution.apply("${9X:-hunter2}", ENV));
        assertFalse(e.getMessage().contains("hunter2"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> EnvSubstitution.apply("${}", ENV));
        assertThrows(IllegalArgumentException.class, () -> EnvSubstitution.apply("${A-B}", ENV));
        e = assertThrows(IllegalArgumentException.class, () -> EnvSubstitution.apply("abc${HOST", ENV));
        assertEquals("unterminated \"${\": missing '}' (write $${ for a literal ${)", e.getMessage());
    }

    @Test
    void appliesToEveryScalarValueWithTypesParsedAfterwards() throws ConfigException {
        SwitchboardConfig c = parse("""
                listen: { port: "${PORT}" }
                clusters: { main: { nodes: [ "${HOST}:${PORT}", "${OTHER:-db2}" ] } }
                databases: { app: { dbname: "$${literal}", target: "${TARGET:-read-only}" } }
                users:
                  - { name: u, password: "${PW}" }
                """, Map.of("PORT", "7000", "HOST", "db1", "PW", "p: #not yaml"));
        assertEquals(7000, c.listen().port());
        assertEquals(List.of(new NodeAddress("db1", 7000), new NodeAddress("db2", 5432)),
                c.clusters().get("main").nodes());
        assertEquals("${literal}", c.databases().get("app").dbname());
        assertEquals(Target.READ_ONLY, c.databases().get("app").target());
        assertEquals("p: #not yaml", c.user("u").orElseThrow().password(), "substituted text is not YAML");
    }

    @Test
    void missingVariableIsReportedWithLineAndField() {
        List<ConfigError> errors = errors("""
                clusters: { main: { nodes: [ "h:1" ] } }
                databases: { app: {} }
                users:
                  - name: app
                    password: "${APP_PASSWORD}"
                """);
        ConfigError e = single(errors, 5, "users[0].password", "environment variable APP_PASSWORD is not set");
        assertEquals("switchboard.yaml:5: users[0].password: environment variable APP_PASSWORD is not set "
                + "(write ${APP_PASSWORD:-default} to give a default)", e.toString());
    }

    @Test
    void everyMissingVariableIsReported() {
        List<ConfigError> errors = errors("""
                listen: { port: "${PORT}" }
                clusters: { main: { nodes: [ "${NODE1}", "${NODE2}" ] } }
                databases: { app: {} }
                """);
        assertEquals(3, errors.size(), ConfigAssertions.join(errors));
        has(errors, 1, "listen.port", "PORT is not set");
        has(errors, 2, "clusters.main.nodes[0]", "NODE1 is not set");
        has(errors, 2, "clusters.main.nodes[1]", "NODE2 is not set");
    }

    @Test
    void keysAreNotSubstituted() {
        single(errors("""
                clusters: { main: { nodes: [ "h:1" ] } }
                databases: { app: {} }
                "${X}": 1
                """, Map.of("X", "listen")), 3, "${X}", "unknown key");
    }
}
