// StartupRestore: brings the client's startup settings back after it reset them on a pooled server.
package dev.switchboard.proxy.link;

import dev.switchboard.proxy.sql.Classification;
import dev.switchboard.proxy.sql.SetConfig;
import dev.switchboard.proxy.sql.SettingChange;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * On a dedicated connection, RESET, RESET ALL and DISCARD ALL return a setting to the value the client gave
 * in its startup packet. On a pooled server the proxy applied those values with {@code set_config}, so the
 * server returns to its own default instead. The proxy follows such a request with this query, before any
 * later request of the client reaches the server. It sets a startup value again only where the setting is at
 * the server's default now ({@code setting = reset_val}): a RESET that did not happen (its request failed and
 * was rolled back) leaves the setting as it was, and is left alone.
 */
public final class StartupRestore {
    private StartupRestore() {
    }

    /**
     * The query restoring the startup values that the request's changes reset, or null when none was.
     *
     * @param startup the client's startup settings (any case)
     * @param changes the request's setting changes, in order
     * @param discardAll whether the request ran DISCARD ALL (which resets everything first)
     */
    public static String sql(Map<String, String> startup, List<SettingChange> changes, boolean discardAll) {
        if (startup.isEmpty() || changes.isEmpty() && !discardAll) {
            return null;
        }
        Map<String, String> reset = new LinkedHashMap<>();
        if (discardAll) {
            startup.forEach((name, value) -> reset.put(name.toLowerCase(Locale.ROOT), value));
        }
        for (SettingChange change : changes) {
            if (change instanceof SettingChange.ResetAll) {
                startup.forEach((name, value) -> reset.put(name.toLowerCase(Locale.ROOT), value));
            } else if (change instanceof SettingChange.Reset r) {
                String value = SettingsSync.valueOf(startup, r.name());
                if (value != null) {
                    reset.put(r.name().toLowerCase(Locale.ROOT), value);
                }
            } else if (change instanceof SettingChange.Set set) {
                reset.remove(set.name().toLowerCase(Locale.ROOT)); // set again after the reset: the client's value
            }
        }
        if (reset.isEmpty()) {
            return null;
        }
        StringBuilder values = new StringBuilder();
        reset.forEach((name, value) -> values.append(values.length() == 0 ? "" : ", ")
                .append('(').append(SetConfig.literal(name)).append(", ").append(SetConfig.literal(value)).append(')'));
        return "SELECT pg_catalog.set_config(s.name, v.value, false) FROM pg_catalog.pg_settings s JOIN (VALUES "
                + values + ") AS v(name, value) ON pg_catalog.lower(s.name) = v.name WHERE s.setting IS NOT DISTINCT FROM s.reset_val";
    }

    /**
     * Whether a statement text may reset a setting (RESET, SET … TO DEFAULT, DISCARD): a cheap look before the
     * classifier, for the session-mode path that otherwise forwards without looking.
     */
    public static boolean mayReset(String sql) {
        return containsIgnoreCase(sql, "reset") || containsIgnoreCase(sql, "default") || containsIgnoreCase(sql, "discard");
    }

    private static boolean containsIgnoreCase(String text, String word) {
        for (int i = 0, last = text.length() - word.length(); i <= last; i++) {
            if (text.regionMatches(true, i, word, 0, word.length())) {
                return true;
            }
        }
        return false;
    }

    /** The restore a classified request calls for, or null. */
    public static String sql(Map<String, String> startup, Classification c) {
        return sql(startup, c.settingChanges(), c.discardAll());
    }
}
