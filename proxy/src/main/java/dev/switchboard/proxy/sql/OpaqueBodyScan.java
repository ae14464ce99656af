// OpaqueBodyScan: a conservative look into text the lexer cannot parse (dollar-quoted and DO bodies).
package dev.switchboard.proxy.sql;

/**
 * A DO block or any dollar-quoted body may run {@code pg_advisory_lock(...)} or {@code CREATE TEMP TABLE}
 * where the classifier cannot see it as a statement. Pinning is the safe mistake (the client keeps its
 * backend longer) while missing a pin breaks the session, so the body's raw text is searched word by word,
 * quotes and comments included: an advisory lock function name pins, an advisory unlock name may release,
 * and CREATE [OR REPLACE] [GLOBAL|LOCAL] TEMP|TEMPORARY pins. A string such as
 * {@code SELECT $$pg_advisory_lock$$} therefore pins too; that is the price of the rule.
 */
final class OpaqueBodyScan {

    private OpaqueBodyScan() {
    }

    static void scan(String sql, int from, int to, ClassificationBuilder out) {
        int i = from;
        while (i < to) {
            if (!isWordChar(sql.charAt(i))) {
                i++;
                continue;
            }
            int end = wordEnd(sql, i, to);
            if (end - i >= 15 && (sql.charAt(i) == 'p' || sql.charAt(i) == 'P')) {
                switch (AdvisoryFunctions.kind(sql, i, end)) {
                    case AdvisoryFunctions.LOCK -> out.pin(PinReason.ADVISORY_LOCK);
                    case AdvisoryFunctions.UNLOCK -> out.mayReleasePins();
                    default -> { }
                }
            } else if (is(sql, i, end, "create") && createsTemporary(sql, end, to)) {
                out.pin(PinReason.TEMPORARY_TABLE);
            }
            i = end;
        }
    }

    /** After CREATE: [OR REPLACE] [GLOBAL|LOCAL] TEMP|TEMPORARY, separated by whitespace. */
    private static boolean createsTemporary(String sql, int i, int to) {
        int start = skipSpaces(sql, i, to);
        int end = wordEnd(sql, start, to);
        if (is(sql, start, end, "or")) {
            start = skipSpaces(sql, end, to);
            end = wordEnd(sql, start, to);
            if (!is(sql, start, end, "replace")) {
                return false;
            }
            start = skipSpaces(sql, end, to);
            end = wordEnd(sql, start, to);
        }
        if (is(sql, start, end, "global") || is(sql, start, end, "local")) {
            start = skipSpaces(sql, end, to);
            end = wordEnd(sql, start, to);
        }
        return is(sql, start, end, "temp") || is(sql, start, end, "temporary");
    }

    private static boolean is(String sql, int start, int end, String lowerWord) {
        return end - start == lowerWord.length() && sql.regionMatches(true, start, lowerWord, 0, lowerWord.length());
    }

    private static int skipSpaces(String sql, int i, int to) {
        while (i < to && Character.isWhitespace(sql.charAt(i))) {
            i++;
        }
        return i;
    }

    private static int wordEnd(String sql, int i, int to) {
        while (i < to && isWordChar(sql.charAt(i))) {
            i++;
        }
        return i;
    }

    /** Identifier characters without '$', so that a nested $tag$ does not glue itself to the next word. */
    private static boolean isWordChar(char c) {
        return SqlLexer.isIdentStart(c) || SqlLexer.isDigit(c);
    }
}
