// SqlClassifier: entry point that tells the transaction-mode proxy what a client's SQL does to its session.
package dev.switchboard.proxy.sql;

import java.util.Objects;

/**
 * Classifies simple-Query and Parse texts for transaction pooling: which session settings change, which
 * session state pins the client to its backend, LISTEN/UNLISTEN, DEALLOCATE, DISCARD ALL and BEGIN.
 *
 * <p>Hot path: most texts are one SELECT/INSERT/UPDATE/DELETE/WITH/VALUES; a character scan proves them
 * plain without tokenizing or allocating. Everything else goes through {@link SqlLexer} once, and
 * allocates only for what it finds.
 */
public final class SqlClassifier {

    /**
     * The characters the plain-DML scan must stop at: ';', the first letters of "advisory" and "temp", and
     * the '_' of "set_config".
     */
    private static final boolean[] INTERESTING = new boolean[128];

    static {
        for (char c : ";aAtT_".toCharArray()) {
            INTERESTING[c] = true;
        }
    }

    private SqlClassifier() {
    }

    /** Classifies a simple-Query string (may hold several statements) or one Parse query text. */
    public static Classification classify(String sql) {
        return classify(sql, true);
    }

    /**
     * As {@link #classify(String)}, for a session whose {@code standard_conforming_strings} may be off (then a
     * backslash escapes a quote inside a plain {@code '...'} string, which moves statement boundaries).
     */
    public static Classification classify(String sql, boolean standardConformingStrings) {
        Objects.requireNonNull(sql, "sql");
        // The plain-DML scan never interprets quotes, so it holds either way.
        if (isPlainDml(sql)) {
            return Classification.NONE;
        }
        return new StatementScanner(sql, standardConformingStrings).run();
    }

    /**
     * True for one DML statement that cannot take a pin or change a setting: it starts with a DML keyword,
     * has no ';' except at the end, and nowhere (quotes included) holds "advisory", "temp" or "set_config" —
     * the only ways a DML statement can pin (advisory lock calls, SELECT INTO TEMP / pg_temp, a dollar-quoted
     * body creating a temp table, set_config) or be replayed (set_config).
     */
    static boolean isPlainDml(String sql) {
        int n = sql.length();
        int i = 0;
        while (i < n && (sql.charAt(i) <= ' ' || sql.charAt(i) == '(')) {
            i++;
        }
        int wordStart = i;
        while (i < n && isAsciiLetter(sql.charAt(i))) {
            i++;
        }
        if (i < n && SqlLexer.isIdentChar(sql.charAt(i)) || !isDmlKeyword(sql, wordStart, i - wordStart)) {
            return false;
        }
        for (; i < n; i++) {
            char c = sql.charAt(i);
            if (c >= INTERESTING.length || !INTERESTING[c]) {
                continue;
            }
            if (c == ';') {
                for (int j = i + 1; j < n; j++) {
                    if (sql.charAt(j) > ' ') {
                        return false;
                    }
                }
                return true;
            }
            if (c == '_') {
                if (i >= 3 && sql.regionMatches(true, i - 3, "set_config", 0, 10)) {
                    return false;
                }
                continue;
            }
            String word = (c | 0x20) == 'a' ? "advisory" : "temp";
            if (i + 1 < n && (sql.charAt(i + 1) | 0x20) == word.charAt(1)
                    && sql.regionMatches(true, i, word, 0, word.length())) {
                return false;
            }
        }
        return true;
    }

    private static boolean isDmlKeyword(String sql, int start, int length) {
        return switch (length) {
            case 4 -> sql.regionMatches(true, start, "with", 0, 4);
            case 6 -> sql.regionMatches(true, start, "select", 0, 6) || sql.regionMatches(true, start, "insert", 0, 6)
                    || sql.regionMatches(true, start, "update", 0, 6) || sql.regionMatches(true, start, "delete", 0, 6)
                    || sql.regionMatches(true, start, "values", 0, 6);
            default -> false;
        };
    }

    private static boolean isAsciiLetter(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }
}
