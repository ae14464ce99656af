// Test helpers: parse inline YAML and assert on the errors it produces.
package dev.switchboard.config;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.List;
import java.util.Map;

final class ConfigAssertions {

    static final String SOURCE = "switchboard.yaml";

    private ConfigAssertions() {
    }

    static SwitchboardConfig parse(String yaml) throws ConfigException {
        return ConfigLoader.parse(yaml, SOURCE, Map.of());
    }

    static SwitchboardConfig parse(String yaml, Map<String, String> env) throws ConfigException {
        return ConfigLoader.parse(yaml, SOURCE, env);
    }

    static List<ConfigError> errors(String yaml) {
        return errors(yaml, Map.of());
    }

    static List<ConfigError> errors(String yaml, Map<String, String> env) {
        return assertThrows(ConfigException.class, () -> ConfigLoader.parse(yaml, SOURCE, env)).errors();
    }

    /** Asserts exactly one error, at this line and field, whose message contains {@code fragment}. */
    static ConfigError single(List<ConfigError> errors, int line, String field, String fragment) {
        if (errors.size() != 1) {
            fail("expected one error, got:\n" + join(errors));
        }
        return has(errors, line, field, fragment);
    }

    /** Asserts one of the errors is at this line and field with a message containing {@code fragment}. */
    static ConfigError has(List<ConfigError> errors, int line, String field, String fragment) {
        return errors.stream()
                .filter(e -> e.line() == line && e.field().equals(field) && e.message().contains(fragment))
                .findFirst()
                .orElseGet(() -> fail("no error at line " + line + " field " + field + " containing \"" + fragment
                        + "\"; got:\n" + join(errors)));
    }

    static String join(List<ConfigError> errors) {
        StringBuilder sb = new StringBuilder();
        errors.forEach(e -> sb.append("  ").append(e).append('\n'));
        return sb.toString();
    }
}
