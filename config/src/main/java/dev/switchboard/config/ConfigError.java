// One configuration problem, located by source, line and field path.
package dev.switchboard.config;

import java.util.Objects;

/**
 * One problem found while loading a configuration.
 *
 * @param source  the file name (or the name given to {@link ConfigLoader#parse})
 * @param line    1-based line of the offending key or value; 0 when unknown
 * @param field   dotted field path such as {@code databases.app.target} or {@code users[0].auth};
 *                empty when the problem is not tied to a field (a YAML syntax error)
 * @param message what is wrong and, where possible, what is expected; never contains a password
 */
public record ConfigError(String source, int line, String field, String message) {

    public ConfigError {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(field, "field");
        Objects.requireNonNull(message, "message");
    }

    /** {@code source:line: field: message}; the line is left out when unknown, the field when empty. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(source);
        if (line > 0) {
            sb.append(':').append(line);
        }
        sb.append(": ");
        if (!field.isEmpty()) {
            sb.append(field).append(": ");
        }
        return sb.append(message).toString();
    }
}
