// DatabaseLine: one [databases] entry of PgBouncer (name = host=... port=... dbname=...) and its Switchboard form.
package dev.switchboard.proxy.pgbouncer;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * The connection string is libpq-like: {@code key=value} pairs separated by spaces, a value in single quotes when
 * it holds spaces. The keys Switchboard keeps per database are mapped; the rest are reported.
 */
record DatabaseLine(String name, List<String> nodes, Map<String, String> pairs, int line,
                    BiConsumer<Integer, String> notes) {

    static DatabaseLine parse(String name, IniFile.Entry entry, BiConsumer<Integer, String> notes) {
        Map<String, String> pairs = pairs(entry.value());
        String host = pairs.remove("host");
        String port = pairs.remove("port");
        List<String> nodes = new ArrayList<>();
        if (host == null || host.isEmpty()) {
            // PgBouncer's socket directory is built in (/tmp, or what its packager chose): not knowable from here.
            notes.accept(entry.line(), "[databases] " + name + ": no host (PgBouncer uses its Unix socket "
                    + "directory); 127.0.0.1 is used: write the directory as the node (\"/var/run/postgresql:5432\") "
                    + "to keep the Unix socket");
            host = "127.0.0.1";
        }
        String[] ports = port == null ? new String[] {"5432"} : port.split(",");
        String[] hosts = host.split(",");
        for (int i = 0; i < hosts.length; i++) {
            String p = ports[Math.min(i, ports.length - 1)].strip();
            String h = hosts[i].strip();
            nodes.add((h.contains(":") ? "[" + h + "]" : h) + ":" + p);
        }
        return new DatabaseLine(name, List.copyOf(nodes), pairs, entry.line(), notes);
    }

    private static Map<String, String> pairs(String text) {
        Map<String, String> pairs = new LinkedHashMap<>();
        int i = 0;
        while (i < text.length()) {
            while (i < text.length() && Character.isWhitespace(text.charAt(i))) {
                i++;
            }
            int eq = text.indexOf('=', i);
            if (eq < 0) {
                break;
            }
            String key = text.substring(i, eq).strip().toLowerCase(Locale.ROOT);
            StringBuilder value = new StringBuilder();
            i = eq + 1;
            if (i < text.length() && text.charAt(i) == '\'') {
                for (i++; i < text.length() && text.charAt(i) != '\''; i++) {
                    value.append(text.charAt(i));
                }
                i++;
            } else {
                for (; i < text.length() && !Character.isWhitespace(text.charAt(i)); i++) {
                    value.append(text.charAt(i));
                }
            }
            pairs.put(key, value.toString());
        }
        return pairs;
    }

    /** The {@code databases.<name>} entry on {@code cluster}; what does not map is reported. */
    Map<String, Object> toYaml(String cluster) {
        Map<String, Object> database = new LinkedHashMap<>();
        database.put("cluster", cluster);
        Map<String, Object> pool = new LinkedHashMap<>();
        for (Map.Entry<String, String> pair : pairs.entrySet()) {
            String key = pair.getKey();
            String value = pair.getValue();
            switch (key) {
                case "dbname" -> {
                    if (name.equals("*")) {
                        note(key, "the fallback database serves each name as itself; dbname is left out");
                    } else if (!value.equals(name)) {
                        database.put("dbname", value);
                    }
                }
                case "pool_mode" -> pool.put("mode", value.toLowerCase(Locale.ROOT));
                case "pool_size" -> pool.put("size", Math.max(1, integer(key, value, 1)));
                case "min_pool_size" -> pool.put("min_idle", integer(key, value, 0));
                case "max_db_connections" -> database.put("max_server_connections", integer(key, value, 0));
                case "user" -> note(key, "every client of this database logs in to PostgreSQL as " + value
                        + " in PgBouncer; Switchboard maps users, not databases: set backend_user (and"
                        + " backend_password) on the users instead");
                case "password" -> note(key, "the forced user's password is not converted (see user)");
                case "auth_user", "auth_query", "auth_dbname" -> note(key,
                        "per-database auth lookups are not supported; the global auth.query applies");
                case "reserve_pool", "reserve_pool_size" -> note(key, "no reserve pool");
                case "connect_query" -> note(key, "no connect query; use ALTER ROLE/DATABASE ... SET in PostgreSQL");
                case "client_encoding", "datestyle", "timezone", "application_name" -> note(key,
                        "server defaults are set in PostgreSQL (ALTER DATABASE ... SET); clients' own settings are"
                                + " kept per session");
                default -> note(key, "no Switchboard equivalent; left out");
            }
        }
        if (!pool.isEmpty()) {
            database.put("pool", pool);
        }
        return database;
    }

    private int integer(String key, String value, int fallback) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            note(key, "\"" + value + "\" is not a whole number; " + fallback + " is used");
            return fallback;
        }
    }

    private void note(String key, String why) {
        notes.accept(line, "[databases] " + name + " " + key + ": " + why);
    }
}
