// StartupSettings: the run-time parameters a client asked for in its startup packet, ready to apply on a server.
package dev.switchboard.proxy.session;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A client's startup packet carries GUCs (application_name, DateStyle, search_path…) both as plain
 * parameters and as {@code -c name=value} / {@code --name=value} inside {@code options}. A pooled server
 * was started with none of them, so the session applies them with {@code set_config}, which parses the
 * value the way the startup packet would (a list GUC stays a list).
 */
public final class StartupSettings {
    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_.]*");

    private StartupSettings() {
    }

    /** Parses the settings; throws IllegalArgumentException with a client-facing message when one cannot be applied. */
    public static Map<String, String> of(Map<String, String> startupParameters) {
        Map<String, String> settings = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : startupParameters.entrySet()) {
            String name = e.getKey();
            switch (name) {
                case "user", "database", "replication" -> { }
                case "options" -> parseOptions(e.getValue(), settings);
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
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("invalid configuration parameter name \"" + name + "\"");
        }
        settings.put(name, value);
    }
}
