// SqlLiterals: decoding of PostgreSQL string constants and quoted identifiers into their values.
package dev.switchboard.proxy.sql;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** Turns the text of a quoted token (as delimited by {@link SqlLexer}) into the value the server would see. */
final class SqlLiterals {

    private SqlLiterals() {
    }

    /**
     * After a closing quote: when only whitespace containing a newline (and "--" comments) precedes another
     * quote, the SQL standard says the constant continues there. Returns that quote's index, or -1.
     */
    static int continuation(String sql, int from) {
        boolean newline = false;
        int i = from;
        int length = sql.length();
        while (i < length) {
            char c = sql.charAt(i);
            switch (c) {
                case ' ', '\t', '\f', '\u000b' -> i++;
                case '\n', '\r' -> {
                    newline = true;
                    i++;
                }
                case '-' -> {
                    if (i + 1 >= length || sql.charAt(i + 1) != '-') {
                        return -1;
                    }
                    while (i < length && sql.charAt(i) != '\n' && sql.charAt(i) != '\r') {
                        i++;
                    }
                }
                case '\'' -> {
                    return newline ? i : -1;
                }
                default -> {
                    return -1;
                }
            }
        }
        return -1;
    }

    /**
     * Decodes a string constant whose opening quote is at {@code quote} and whose token ends at {@code end}.
     * {@code kind} is the prefix ('E', 'U', 'N', 'B', 'X') or '\'' for none; {@code unicodeEscape} is the
     * escape character of a U&amp; string (normally '\\').
     */
    static String decodeString(String sql, int quote, int end, char kind, char unicodeEscape) {
        Decoded out = new Decoded(end - quote);
        int i = quote + 1;
        while (i < end) {
            char c = sql.charAt(i);
            if (c == '\'') {
                if (i + 1 < end && sql.charAt(i + 1) == '\'') {
                    out.append('\'');
                    i += 2;
                    continue;
                }
                int next = continuation(sql, i + 1);
                if (next < 0 || next >= end) {
                    break;
                }
                i = next + 1;
            } else if (c == '\\' && kind == 'E' && i + 1 < end) {
                i = backslashEscape(sql, i + 1, end, out);
            } else if (c == unicodeEscape && kind == 'U' && i + 1 < end) {
                i = unicodeEscape(sql, i + 1, end, unicodeEscape, out);
            } else {
                out.append(c);
                i++;
            }
        }
        return out.toString();
    }

    /** Decodes a quoted identifier whose opening '"' is at {@code quote}: "" becomes ", U&amp; escapes are applied. */
    static String decodeQuotedIdentifier(String sql, int quote, int end, boolean unicode) {
        int close = end > quote + 1 && sql.charAt(end - 1) == '"' ? end - 1 : end;
        Decoded out = new Decoded(close - quote);
        int i = quote + 1;
        while (i < close) {
            char c = sql.charAt(i);
            if (c == '"' && i + 1 < close && sql.charAt(i + 1) == '"') {
                out.append('"');
                i += 2;
            } else if (c == '\\' && unicode && i + 1 < close) {
                i = unicodeEscape(sql, i + 1, close, '\\', out);
            } else {
                out.append(c);
                i++;
            }
        }
        return out.toString();
    }

    /** One E'' escape starting after the backslash at {@code i - 1}; returns the index after it. */
    private static int backslashEscape(String sql, int i, int end, Decoded out) {
        char c = sql.charAt(i);
        switch (c) {
            case 'b' -> out.append('\b');
            case 'f' -> out.append('\f');
            case 'n' -> out.append('\n');
            case 'r' -> out.append('\r');
            case 't' -> out.append('\t');
            case 'x' -> {
                int digits = hexDigits(sql, i + 1, end, 2);
                if (digits == 0) {
                    out.append('x');
                    return i + 1;
                }
                out.appendByte(Integer.parseInt(sql, i + 1, i + 1 + digits, 16));
                return i + 1 + digits;
            }
            case 'u', 'U' -> {
                int want = c == 'u' ? 4 : 8;
                if (hexDigits(sql, i + 1, end, want) != want) {
                    out.append(c);
                    return i + 1;
                }
                out.appendCodeUnitOrPoint(Integer.parseUnsignedInt(sql, i + 1, i + 1 + want, 16));
                return i + 1 + want;
            }
            default -> {
                if (c >= '0' && c <= '7') {
                    int j = i;
                    while (j < end && j < i + 3 && sql.charAt(j) >= '0' && sql.charAt(j) <= '7') {
                        j++;
                    }
                    out.appendByte(Integer.parseInt(sql, i, j, 8) & 0xFF);
                    return j;
                }
                out.append(c);
            }
        }
        return i + 1;
    }

    /** One U&amp; escape starting after the escape character; returns the index after it. */
    private static int unicodeEscape(String sql, int i, int end, char escape, Decoded out) {
        char c = sql.charAt(i);
        if (c == escape) {
            out.append(escape);
            return i + 1;
        }
        if (c == '+' && hexDigits(sql, i + 1, end, 6) == 6) {
            out.appendCodeUnitOrPoint(Integer.parseInt(sql, i + 1, i + 7, 16));
            return i + 7;
        }
        if (hexDigits(sql, i, end, 4) == 4) {
            out.appendCodeUnitOrPoint(Integer.parseInt(sql, i, i + 4, 16));
            return i + 4;
        }
        // Invalid escape: the server rejects the statement; keep the text so nothing is lost.
        out.append(escape);
        return i;
    }

    private static int hexDigits(String sql, int from, int end, int max) {
        int n = 0;
        while (n < max && from + n < end && Character.digit(sql.charAt(from + n), 16) >= 0) {
            n++;
        }
        return n;
    }

    /** Characters plus raw bytes from octal/hex escapes, which form UTF-8 sequences together. */
    private static final class Decoded {
        private final StringBuilder chars;
        private ByteArrayOutputStream bytes;

        Decoded(int capacity) {
            chars = new StringBuilder(Math.max(capacity, 0));
        }

        void append(char c) {
            flushBytes();
            chars.append(c);
        }

        void appendByte(int b) {
            if (bytes == null) {
                bytes = new ByteArrayOutputStream();
            }
            bytes.write(b);
        }

        /** A UTF-16 surrogate is appended as a char so that a following escape completes the pair. */
        void appendCodeUnitOrPoint(int cp) {
            flushBytes();
            if (cp <= 0xFFFF) {
                chars.append((char) cp);
            } else if (Character.isValidCodePoint(cp)) {
                chars.appendCodePoint(cp);
            } else {
                chars.append('\uFFFD');
            }
        }

        private void flushBytes() {
            if (bytes != null && bytes.size() > 0) {
                chars.append(new String(bytes.toByteArray(), StandardCharsets.UTF_8));
                bytes.reset();
            }
        }

        @Override
        public String toString() {
            flushBytes();
            return chars.toString();
        }
    }
}
