// The checked exception carrying every problem found in a configuration.
package dev.switchboard.config;

import java.util.List;
import java.util.stream.Collectors;

/** Thrown when a configuration cannot be loaded; carries all problems found, not just the first. */
public final class ConfigException extends Exception {

    private final List<ConfigError> errors;

    public ConfigException(List<ConfigError> errors) {
        super(errors.stream().map(ConfigError::toString).collect(Collectors.joining("\n")));
        if (errors.isEmpty()) {
            throw new IllegalArgumentException("a ConfigException needs at least one error");
        }
        this.errors = List.copyOf(errors);
    }

    /** The problems in file order (by line), never empty. */
    public List<ConfigError> errors() {
        return errors;
    }
}
