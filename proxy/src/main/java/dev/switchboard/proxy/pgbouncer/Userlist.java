// Userlist: PgBouncer's auth_file — one quoted user name and its quoted password or secret per line.
package dev.switchboard.proxy.pgbouncer;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The format of {@code userlist.txt}: {@code "user" "secret"}, where a doubled quote stands for one quote and
 * anything after the second field is ignored. The secret is a plaintext password, an md5 hash or a SCRAM secret;
 * Switchboard's {@code users[].password} takes all three as they are.
 */
final class Userlist {

    private Userlist() {
    }

    /** User name to secret, in file order; {@code bad} gets the line numbers that could not be read. */
    static Map<String, String> parse(List<String> lines, List<Integer> bad) {
        Map<String, String> users = new LinkedHashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith(";") || line.startsWith("#")) {
                continue;
            }
            int[] at = {0};
            String user = quoted(line, at);
            String secret = user == null ? null : quoted(line, at);
            if (user == null || secret == null) {
                bad.add(i + 1);
            } else {
                users.put(user, secret);
            }
        }
        return users;
    }

    /** The next {@code "..."} field from {@code at[0]} on, with doubled quotes undone; null when there is none. */
    private static String quoted(String line, int[] at) {
        int i = at[0];
        while (i < line.length() && Character.isWhitespace(line.charAt(i))) {
            i++;
        }
        if (i >= line.length() || line.charAt(i) != '"') {
            return null;
        }
        StringBuilder value = new StringBuilder();
        for (i++; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '"') {
                if (i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    value.append('"');
                    i++;
                } else {
                    at[0] = i + 1;
                    return value.toString();
                }
            } else {
                value.append(c);
            }
        }
        return null;
    }
}
