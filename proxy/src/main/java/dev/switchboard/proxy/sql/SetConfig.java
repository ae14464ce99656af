// SetConfig: SQL that applies one run-time setting the way a startup packet would.
package dev.switchboard.proxy.sql;

/**
 * {@code pg_catalog.set_config(name, value, false)} parses the value as the startup packet would (a list
 * setting stays a list). Arguments are escape-string literals, immune to standard_conforming_strings.
 */
public final class SetConfig {
    private SetConfig() {
    }

    /** Appends the call for {@code name = value} to {@code sql}. */
    public static StringBuilder append(StringBuilder sql, String name, String value) {
        return sql.append("pg_catalog.set_config(").append(literal(name)).append(", ").append(literal(value))
                .append(", false)");
    }

    /** An escape-string literal. */
    public static String literal(String value) {
        return "E'" + value.replace("\\", "\\\\").replace("'", "''") + "'";
    }
}
