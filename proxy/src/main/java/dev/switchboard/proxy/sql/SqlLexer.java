// SqlLexer: a single-pass, allocation-free PostgreSQL tokenizer that knows where strings, comments and statements end.
package dev.switchboard.proxy.sql;

/**
 * Walks PostgreSQL SQL text one token at a time, skipping whitespace and comments (nested block comments
 * included). The current token is described by {@link #type()}, {@link #start()} and {@link #end()};
 * nothing is allocated until a caller asks for a decoded value.
 *
 * <p>With {@code standard_conforming_strings = on} (the default since 9.1) a backslash is an ordinary
 * character in a plain {@code '...'} string and only {@code E'...'} strings have backslash escapes; with it
 * off, plain strings behave like E strings and are reported as such.
 */
final class SqlLexer {
    static final int EOF = 0;
    /** An unquoted identifier or keyword. */
    static final int WORD = 1;
    /** A {@code "quoted"} or {@code U&"quoted"} identifier. */
    static final int QUOTED_IDENT = 2;
    /** A {@code '...'}, {@code E'...'}, {@code N'...'}, {@code U&'...'}, {@code B'...'} or {@code X'...'} constant. */
    static final int STRING = 3;
    /** A {@code $tag$...$tag$} constant. */
    static final int DOLLAR_STRING = 4;
    static final int NUMBER = 5;
    /** A positional parameter, {@code $1}. */
    static final int PARAM = 6;
    /** Any other single character. */
    static final int OP = 7;
    static final int SEMICOLON = 8;

    private final String sql;
    private final int length;
    private int pos;
    private int type;
    private int start;
    private int end;
    /** STRING: index of the opening quote (after any prefix); DOLLAR_STRING: first body character. */
    private int contentStart;
    /** DOLLAR_STRING: index just past the body (the closing tag's '$'). */
    private int contentEnd;
    /** STRING: the prefix letter upper-cased ('E', 'N', 'U', 'B', 'X') or '\'' when there is none. */
    private char stringKind;

    private final boolean standardConformingStrings;

    SqlLexer(String sql) {
        this(sql, true);
    }

    SqlLexer(String sql, boolean standardConformingStrings) {
        this.sql = sql;
        this.length = sql.length();
        this.standardConformingStrings = standardConformingStrings;
    }

    String sql() {
        return sql;
    }

    int type() {
        return type;
    }

    int start() {
        return start;
    }

    int end() {
        return end;
    }

    int contentStart() {
        return contentStart;
    }

    int contentEnd() {
        return contentEnd;
    }

    char stringKind() {
        return stringKind;
    }

    /** Advances to the next token and returns its type. */
    int next() {
        for (;;) {
            if (pos >= length) {
                start = end = length;
                return type = EOF;
            }
            char c = sql.charAt(pos);
            switch (c) {
                case ' ', '\t', '\n', '\r', '\f', '\u000b' -> {
                    pos++;
                    continue;
                }
                case '-' -> {
                    if (at(pos + 1) == '-') {
                        pos = skipLineComment(pos);
                        continue;
                    }
                    return single(OP);
                }
                case '/' -> {
                    if (at(pos + 1) == '*') {
                        pos = skipBlockComment(pos);
                        continue;
                    }
                    return single(OP);
                }
                case ';' -> {
                    return single(SEMICOLON);
                }
                case '\'' -> {
                    return string(pos, pos, '\'');
                }
                case '"' -> {
                    return quotedIdent(pos, pos);
                }
                case '$' -> {
                    return dollar();
                }
                case '.' -> {
                    return isDigit(at(pos + 1)) ? number() : single(OP);
                }
                default -> {
                    if (isDigit(c)) {
                        return number();
                    }
                    if (isIdentStart(c)) {
                        return wordOrPrefixed(c);
                    }
                    return single(OP);
                }
            }
        }
    }

    /** True when the current token is the unquoted word {@code lowerKeyword} (given in lower case), in any case. */
    boolean isWord(String lowerKeyword) {
        return type == WORD && end - start == lowerKeyword.length()
                && sql.regionMatches(true, start, lowerKeyword, 0, lowerKeyword.length());
    }

    /** True when the current token is the single character {@code c}. */
    boolean isOp(char c) {
        return type == OP && sql.charAt(start) == c;
    }

    /** True at a statement boundary (';' or end of text). */
    boolean atStatementEnd() {
        return type == SEMICOLON || type == EOF;
    }

    /** A position to {@link #rewind} to: the current token. */
    int mark() {
        return start;
    }

    /** Makes the token at {@code mark} current again, for callers that looked ahead. */
    void rewind(int mark) {
        pos = mark;
        next();
    }

    /** The current token as written. */
    String text() {
        return sql.substring(start, end);
    }

    /**
     * The current WORD or QUOTED_IDENT as PostgreSQL's scanner would produce it: unquoted folded to lower case,
     * quoted kept as is, both truncated to 63 bytes.
     */
    String identifier() {
        if (type == WORD) {
            return Identifiers.truncate(Identifiers.lowerAscii(sql.substring(start, end)));
        }
        if (type == QUOTED_IDENT) {
            return Identifiers.truncate(SqlLiterals.decodeQuotedIdentifier(sql, contentStart, end, stringKind == 'U'));
        }
        throw new IllegalStateException("not an identifier: token type " + type + " at offset " + start);
    }

    private char at(int i) {
        return i < length ? sql.charAt(i) : '\0';
    }

    private int single(int t) {
        start = pos;
        end = ++pos;
        return type = t;
    }

    private int wordOrPrefixed(char c) {
        char n = at(pos + 1);
        switch (c) {
            case 'e', 'E', 'n', 'N', 'b', 'B', 'x', 'X' -> {
                if (n == '\'') {
                    return string(pos, pos + 1, Character.toUpperCase(c));
                }
            }
            case 'u', 'U' -> {
                if (n == '&' && at(pos + 2) == '\'') {
                    return string(pos, pos + 2, 'U');
                }
                if (n == '&' && at(pos + 2) == '"') {
                    return quotedIdent(pos, pos + 2);
                }
            }
            default -> { }
        }
        start = pos;
        int i = pos + 1;
        while (i < length && isIdentChar(sql.charAt(i))) {
            i++;
        }
        end = pos = i;
        return type = WORD;
    }

    /** Scans a quoted constant whose opening quote is at {@code quote}, including SQL's newline continuation. */
    private int string(int tokenStart, int quote, char kind) {
        start = tokenStart;
        contentStart = quote;
        if (!standardConformingStrings && (kind == '\'' || kind == 'N')) {
            kind = 'E';
        }
        stringKind = kind;
        boolean backslashEscapes = kind == 'E';
        int i = quote + 1;
        for (;;) {
            if (i >= length) {
                end = pos = length;
                return type = STRING;
            }
            char c = sql.charAt(i);
            if (c == '\\' && backslashEscapes) {
                i += 2;
            } else if (c == '\'') {
                if (at(i + 1) == '\'') {
                    i += 2;
                } else {
                    int next = SqlLiterals.continuation(sql, i + 1);
                    if (next < 0) {
                        end = pos = i + 1;
                        return type = STRING;
                    }
                    i = next + 1;
                }
            } else {
                i++;
            }
        }
    }

    private int quotedIdent(int tokenStart, int quote) {
        start = tokenStart;
        contentStart = quote;
        stringKind = tokenStart == quote ? '"' : 'U';
        int i = quote + 1;
        for (;;) {
            if (i >= length) {
                end = pos = length;
                return type = QUOTED_IDENT;
            }
            if (sql.charAt(i) == '"') {
                if (at(i + 1) == '"') {
                    i += 2;
                    continue;
                }
                end = pos = i + 1;
                return type = QUOTED_IDENT;
            }
            i++;
        }
    }

    private int dollar() {
        start = pos;
        char n = at(pos + 1);
        if (isDigit(n)) {
            int i = pos + 1;
            while (i < length && isDigit(sql.charAt(i))) {
                i++;
            }
            end = pos = i;
            return type = PARAM;
        }
        // Opening delimiter: $ [tag] $, where a tag looks like an identifier without '$'.
        int i = pos + 1;
        if (n != '$') {
            if (!isIdentStart(n)) {
                return single(OP);
            }
            i++;
            while (i < length && isIdentChar(sql.charAt(i)) && sql.charAt(i) != '$') {
                i++;
            }
            if (i >= length || sql.charAt(i) != '$') {
                return single(OP);
            }
        }
        int delimiterLength = i + 1 - pos;
        contentStart = i + 1;
        int close = contentStart;
        for (;;) {
            close = sql.indexOf('$', close);
            if (close < 0) {
                contentEnd = end = pos = length;
                return type = DOLLAR_STRING;
            }
            if (sql.regionMatches(close, sql, pos, delimiterLength)) {
                contentEnd = close;
                end = pos = close + delimiterLength;
                return type = DOLLAR_STRING;
            }
            close++;
        }
    }

    private int number() {
        start = pos;
        int i = pos;
        while (i < length) {
            char c = sql.charAt(i);
            if (isDigit(c) || c == '.' || c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) {
                i++;
            } else if ((c == '+' || c == '-') && (sql.charAt(i - 1) == 'e' || sql.charAt(i - 1) == 'E')
                    && isDigit(at(i + 1)) && !isHexOrOther(start, i)) {
                i++;
            } else {
                break;
            }
        }
        end = pos = i;
        return type = NUMBER;
    }

    /** In "0x1e+2" the 'e' is a hex digit, not an exponent. */
    private boolean isHexOrOther(int from, int to) {
        return to - from > 1 && sql.charAt(from) == '0' && Character.isLetter(sql.charAt(from + 1))
                && Character.toLowerCase(sql.charAt(from + 1)) != 'e';
    }

    /** A "--" comment ends at '\n' or '\r', as in PostgreSQL's scanner. */
    private int skipLineComment(int i) {
        while (i < length && sql.charAt(i) != '\n' && sql.charAt(i) != '\r') {
            i++;
        }
        return i;
    }

    private int skipBlockComment(int i) {
        int depth = 0;
        while (i < length) {
            char c = sql.charAt(i);
            if (c == '/' && at(i + 1) == '*') {
                depth++;
                i += 2;
            } else if (c == '*' && at(i + 1) == '/') {
                i += 2;
                if (--depth == 0) {
                    return i;
                }
            } else {
                i++;
            }
        }
        return length;
    }

    static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    /** PostgreSQL's ident_start: a letter, '_' or any non-ASCII character. */
    static boolean isIdentStart(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c >= 0x80;
    }

    /** PostgreSQL's ident_cont: ident_start, a digit or '$'. */
    static boolean isIdentChar(char c) {
        return isIdentStart(c) || isDigit(c) || c == '$';
    }
}
