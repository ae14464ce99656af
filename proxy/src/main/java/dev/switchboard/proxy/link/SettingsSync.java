// SettingsSync: the one query that brings any server to a client's settings, in every pool mode.
package dev.switchboard.proxy.link;

import dev.switchboard.proxy.sql.SetConfig;
import java.util.Map;
import java.util.Objects;

/**
 * A server carries its own defaults, plus what was applied on it since it was last reset ({@code applied},
 * kept by the proxy), and it reports some values ({@code reported}, ParameterStatus). A client wants
 * {@code desired}. Whatever was applied and is not wanted as it is gets RESET first — a partial value such as
 * {@code DateStyle=ISO} keeps the other half of whatever was there before, so it is applied on the server's
 * default, as on a fresh connection — then every wanted value the server does not already have is set with
 * {@code set_config}, which parses it as the startup packet would. Names are compared without case.
 */
public final class SettingsSync {
    private SettingsSync() {
    }

    /** The SQL, or null when the server already carries exactly {@code desired}. */
    public static String sql(Map<String, String> desired, Map<String, String> applied, Map<String, String> reported) {
        StringBuilder resets = new StringBuilder();
        for (Map.Entry<String, String> e : applied.entrySet()) {
            if (!Objects.equals(valueOf(desired, e.getKey()), e.getValue())) {
                resets.append("RESET ").append(quoteIdentifier(e.getKey())).append("; ");
            }
        }
        StringBuilder sets = new StringBuilder();
        for (Map.Entry<String, String> e : desired.entrySet()) {
            String wasApplied = valueOf(applied, e.getKey());
            // Applied with another value: RESET above, so the default it falls back to is not known here.
            boolean needed = wasApplied != null ? !wasApplied.equals(e.getValue())
                    : !e.getValue().equals(valueOf(reported, e.getKey()));
            if (needed) {
                SetConfig.append(sets.append(sets.length() == 0 ? "SELECT " : ", "), e.getKey(), e.getValue());
            }
        }
        if (resets.length() == 0 && sets.length() == 0) {
            return null;
        }
        return resets.append(sets).toString().strip();
    }

    /** GUC names are case-insensitive; ParameterStatus uses the canonical spelling (DateStyle, TimeZone). */
    static String valueOf(Map<String, String> values, String name) {
        String exact = values.get(name);
        if (exact != null) {
            return exact;
        }
        for (Map.Entry<String, String> e : values.entrySet()) {
            if (e.getKey().equalsIgnoreCase(name)) {
                return e.getValue();
            }
        }
        return null;
    }

    /** A GUC name as a quoted identifier (custom names may contain dots: quote each part). */
    private static String quoteIdentifier(String name) {
        StringBuilder out = new StringBuilder();
        for (String part : name.split("\\.", -1)) {
            out.append(out.length() == 0 ? "" : ".").append('"').append(part.replace("\"", "\"\"")).append('"');
        }
        return out.toString();
    }
}
