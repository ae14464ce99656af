// IniFile: a PgBouncer configuration file read into its sections, keys in file order, with their line numbers.
package dev.switchboard.proxy.pgbouncer;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * PgBouncer's ini dialect: {@code [section]} headers, {@code key = value} lines, comments starting with {@code ;}
 * or {@code #}. Section and key names are case-insensitive; a key given twice keeps its last value, as PgBouncer
 * does. {@code %include} is not followed (the caller reports it).
 */
final class IniFile {

    /** A value and the line it was on. */
    record Entry(String value, int line) {
    }

    private final Map<String, Map<String, Entry>> sections = new LinkedHashMap<>();
    private final Map<Integer, String> unreadable = new LinkedHashMap<>();

    static IniFile parse(List<String> lines) {
        IniFile ini = new IniFile();
        Map<String, Entry> section = null;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            int number = i + 1;
            if (line.isEmpty() || line.startsWith(";") || line.startsWith("#")) {
                continue;
            }
            if (line.startsWith("[") && line.endsWith("]")) {
                String name = line.substring(1, line.length() - 1).strip().toLowerCase(Locale.ROOT);
                section = ini.sections.computeIfAbsent(name, n -> new LinkedHashMap<>());
                continue;
            }
            int eq = line.indexOf('=');
            if (eq <= 0 || section == null) {
                ini.unreadable.put(number, line);
                continue;
            }
            String key = line.substring(0, eq).strip();
            // Database names keep their case; PgBouncer's own settings do not have any.
            boolean databaseName = ini.sections.get("databases") == section || ini.sections.get("users") == section;
            section.put(databaseName ? key : key.toLowerCase(Locale.ROOT),
                    new Entry(line.substring(eq + 1).strip(), number));
        }
        return ini;
    }

    /** The keys of {@code name} in file order; empty when the file has no such section. */
    Map<String, Entry> section(String name) {
        return sections.getOrDefault(name, Map.of());
    }

    /** The section names in file order. */
    List<String> sectionNames() {
        return List.copyOf(sections.keySet());
    }

    /** Lines that are neither a section header, a setting nor a comment, by line number. */
    Map<Integer, String> unreadable() {
        return unreadable;
    }
}
