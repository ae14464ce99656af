// StartupSettings: the run-time parameters a client asked for in its startup packet, ready to apply on a server.
package dev.switchboard.proxy.session;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A client's startup packet carries GUCs (application_name, DateStyle, search_path…) both as plain
 * parameters and as {@code -c name=value} / {@code --name=value} inside {@code options}. A pooled server
 * was started with none of them, so the session applies them with {@code set_config}, which parses the
 * value the way the startup packet would (a list GUC stays a list).
 */
public final class StartupSettings {
    private StartupSettings() {
    }

    /**
     * Parses the settings; throws IllegalArgumentException with a client-facing message when one cannot be
     * applied. As in PostgreSQL, {@code options} is processed first and an explicit parameter of the same
     * name wins (pgJDBC always sends TimeZone itself; a {@code -c TimeZone=…} in its options does not override it).
     */
    public static Map<String, String> of(Map<String, String> startupParameters) {
        Map<String, String> settings = all(startupParameters);
        settings.keySet().removeIf(StartupSettings::isMiddleware);
        return settings;
    }

    /**
     * The middleware settings ({@code switchboard.*}, plain or in {@code options}): the proxy's own, never sent
     * to PostgreSQL. Same parsing and errors as {@link #of}.
     */
    public static Map<String, String> middleware(Map<String, String> startupParameters) {
        Map<String, String> settings = all(startupParameters);
        settings.keySet().removeIf(name -> !isMiddleware(name));
        return settings;
    }

    private static boolean isMiddleware(String name) {
        return dev.switchboard.proxy.extensions.Extension.isMiddlewareSetting(name);
    }

    private static Map<String, String> all(Map<String, String> startupParameters) {
        Map<String, String> settings = new LinkedHashMap<>();
        String options = startupParameters.get("options");
        if (options != null) {
            parseOptions(options, settings);
        }
        for (Map.Entry<String, String> e : startupParameters.entrySet()) {
            String name = e.getKey();
            switch (name) {
                case "user", "database", "replication", "options" -> { }
                default -> {
                    if (!name.startsWith("_pq_.")) {
                        put(settings, name, e.getValue());
                    }
                }
            }
        }
        return settings;
    }

    /** Splits {@code options} as PostgreSQL does: whitespace separates, a backslash escapes the next character. */
    private static void parseOptions(String options, Map<String, String> settings) {
        java.util.List<String> words = new java.util.ArrayList<>();
        StringBuilder word = new StringBuilder();
        for (int i = 0; i < options.length(); i++) {
            char c = options.charAt(i);
            if (c == '\\' && i + 1 < options.length()) {
                word.append(options.charAt(++i));
            } else if (Character.isWhitespace(c)) {
                if (word.length() > 0) {
                    words.add(word.toString());
                    word.setLength(0);
                }
            } else {
                word.append(c);
            }
        }
        if (word.length() > 0) {
            words.add(word.toString());
        }
        for (int i = 0; i < words.size(); i++) {
            String w = words.get(i);
            String assignment;
            if (w.equals("-c") && i + 1 < words.size()) {
                assignment = words.get(++i);
            } else if (w.startsWith("-c") && w.length() > 2) {
                assignment = w.substring(2);
            } else if (w.startsWith("--") && w.length() > 2) {
                assignment = w.substring(2);
            } else {
                throw new IllegalArgumentException("unsupported startup option \"" + w
                        + "\": Switchboard accepts only -c name=value and --name=value in options");
            }
            int eq = assignment.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("invalid startup option \"" + assignment + "\": expected name=value");
            }
            put(settings, assignment.substring(0, eq).replace('-', '_'), assignment.substring(eq + 1));
        }
    }

    private static void put(Map<String, String> settings, String name, String value) {
        if (!isName(name)) {
            throw new IllegalArgumentException("invalid configuration parameter name \"" + name + "\"");
        }
        String earlier = null;
        for (var it = settings.entrySet().iterator(); it.hasNext(); ) {
            var known = it.next();
            if (known.getKey().equalsIgnoreCase(name)) { // GUC names ignore case
                earlier = known.getValue();
                it.remove();
            }
        }
        settings.put(name, earlier != null && name.equalsIgnoreCase("DateStyle") ? mergeDateStyle(earlier, value) : value);
    }

    /** {@code [A-Za-z_][A-Za-z0-9_.]*}, checked by hand: every parameter of every login passes here. */
    static boolean isName(String name) {
        if (name.isEmpty()) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean letter = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_';
            if (!letter && (i == 0 || !((c >= '0' && c <= '9') || c == '.'))) {
                return false;
            }
        }
        return true;
    }

    /**
     * DateStyle has two halves, the output style and the field order, and a value may give only one: PostgreSQL
     * applies {@code options} and then the explicit parameter, each keeping the half the other did not give
     * ({@code -c DateStyle=ISO,DMY} in options, then pgJDBC's {@code DateStyle=ISO}: "ISO, DMY").
     */
    static String mergeDateStyle(String earlier, String later) {
        String[] style = {null};
        String[] order = {null};
        for (String value : new String[] {earlier, later}) {
            for (String token : value.split("[,\\s]+")) {
                switch (token.toLowerCase(java.util.Locale.ROOT)) {
                    case "iso" -> style[0] = "ISO";
                    case "sql" -> style[0] = "SQL";
                    case "postgres" -> style[0] = "Postgres";
                    case "german" -> style[0] = "German";
                    case "ymd" -> order[0] = "YMD";
                    case "dmy", "euro", "european" -> order[0] = "DMY";
                    case "mdy", "us", "noneuro", "noneuropean" -> order[0] = "MDY";
                    case "" -> { }
                    default -> {
                        return later; // not a value to merge: PostgreSQL will judge the client's own
                    }
                }
            }
        }
        if (style[0] == null) {
            return order[0];
        }
        return order[0] == null ? style[0] : style[0] + ", " + order[0];
    }
}
