// ConsoleStatement: what a console query says — a command with at most one argument, SET key = value, or SWITCHOVER.
package dev.switchboard.proxy.console;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * PgBouncer's grammar, matched the same way: one statement per query, a word and an optional second word (either
 * may be a double-quoted identifier), an optional trailing semicolon, any case. Words are folded to lower case;
 * a quoted word keeps its case, as a quoted identifier does in SQL.
 */
public sealed interface ConsoleStatement {
    /** PgBouncer's limits on the command word and its argument. */
    int MAX_VERB = 15;
    int MAX_ARGUMENT = 63;
    int MAX_SET_VALUE = 255;
    /** Longer than any valid statement can be with ordinary spacing: not even matched. */
    int MAX_QUERY = 4096;

    /** A command, e.g. {@code SHOW POOLS} or {@code PAUSE app}. @param argument null when absent */
    record Command(String verb, String argument) implements ConsoleStatement {
    }

    /**
     * {@code SWITCHOVER [cluster] [TO node]}, Switchboard's own; the node is written as the topology names it
     * ({@code host:port}, double-quoted or bare).
     *
     * @param cluster null when absent
     * @param target  null when absent
     */
    record Switchover(String cluster, String target) implements ConsoleStatement {
    }

    /** {@code SET key = value}. */
    record Set(String key, String value) implements ConsoleStatement {
    }

    // Quoted parts are written as runs between doubled quotes, matched possessively: an alternation repeated per
    // character would make the matcher recurse once per character and overflow the stack on a long literal.
    String WORD = "([0-9a-zA-Z_]+|\"(?=[^\"]|\"\")[^\"]*+(?:\"\"[^\"]*+)*+\")";
    Pattern COMMAND = Pattern.compile("^\\s*" + WORD + "(?:\\s+" + WORD + ")?\\s*(?:;\\s*)?$");
    Pattern SET = Pattern.compile("^\\s*set\\s+" + WORD + "\\s*(?:=|\\s[tT][oO]\\s)\\s*"
            + "([0-9a-zA-Z_]+|'[^']*+(?:''[^']*+)*+')\\s*(?:;\\s*)?$", Pattern.CASE_INSENSITIVE);

    Pattern SWITCHOVER = Pattern.compile("^\\s*switchover(?:\\s+(?!to\\s)" + WORD + ")?"
            + "(?:\\s+to\\s+([0-9a-zA-Z_.:\\[\\]-]+|\"(?=[^\"]|\"\")[^\"]*+(?:\"\"[^\"]*+)*+\"))?\\s*(?:;\\s*)?$",
            Pattern.CASE_INSENSITIVE);

    /** The statement, or null when the text follows no form (PgBouncer's "invalid command"). */
    static ConsoleStatement parse(String query) {
        if (query.length() > MAX_QUERY) {
            return null;
        }
        Matcher set = SET.matcher(query);
        if (set.matches()) {
            String value = set.group(2);
            if (value.startsWith("'")) {
                value = value.substring(1, value.length() - 1).replace("''", "'");
            }
            return value.length() > MAX_SET_VALUE ? null : new Set(word(set.group(1)), value);
        }
        Matcher switchover = SWITCHOVER.matcher(query);
        if (switchover.matches()) {
            String target = switchover.group(2);
            if (target != null && target.startsWith("\"")) {
                target = target.substring(1, target.length() - 1).replace("\"\"", "\"");
            }
            return new Switchover(switchover.group(1) == null ? null : word(switchover.group(1)), target);
        }
        Matcher command = COMMAND.matcher(query);
        if (!command.matches()) {
            return null;
        }
        String verb = word(command.group(1));
        String argument = command.group(2) == null ? null : word(command.group(2));
        if (verb.length() > MAX_VERB || argument != null && argument.length() > MAX_ARGUMENT) {
            return null;
        }
        return new Command(verb, argument);
    }

    private static String word(String word) {
        if (word.startsWith("\"")) {
            return word.substring(1, word.length() - 1).replace("\"\"", "\"");
        }
        return word.toLowerCase(Locale.ROOT);
    }
}
