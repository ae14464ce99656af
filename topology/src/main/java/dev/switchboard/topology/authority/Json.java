// Json: a small, strict JSON reader (RFC 8259) for the documents the Patroni REST API returns.
package dev.switchboard.topology.authority;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads one JSON value into plain Java objects: an object becomes an unmodifiable {@code Map<String, Object>}
 * in document order, an array an unmodifiable {@code List<Object>}, a string a {@code String}, an integer
 * that fits a {@code long} a {@code Long}, any other number a {@code BigDecimal}, {@code true}/{@code false}
 * a {@code Boolean} and {@code null} Java null.
 *
 * <p>Strict on purpose: what decides the write target must not be guessed from a half-read document. So
 * no trailing commas, comments, single quotes, leading zeros, unescaped control characters, lone
 * surrogates, duplicate keys or text after the value; each is a {@link JsonException}. Nesting is bounded
 * so that a hostile document cannot overflow the stack.
 */
public final class Json {
    /** Deeper than any Patroni document by far; bounds the recursion. */
    static final int MAX_DEPTH = 128;

    private final String text;
    private int pos;

    private Json(String text) {
        this.text = text;
    }

    /** The value {@code text} holds; throws {@link JsonException} unless it is exactly one well-formed value. */
    public static Object parse(String text) {
        Json reader = new Json(text);
        reader.skipWhitespace();
        Object value = reader.value(0);
        reader.skipWhitespace();
        if (reader.pos != text.length()) {
            throw reader.error("unexpected '" + text.charAt(reader.pos) + "' after the value");
        }
        return value;
    }

    private Object value(int depth) {
        if (pos >= text.length()) {
            throw error("unexpected end of input, expected a value");
        }
        char c = text.charAt(pos);
        switch (c) {
            case '{':
                return object(depth + 1);
            case '[':
                return array(depth + 1);
            case '"':
                return string();
            case 't':
                literal("true");
                return Boolean.TRUE;
            case 'f':
                literal("false");
                return Boolean.FALSE;
            case 'n':
                literal("null");
                return null;
            default:
                if (c == '-' || (c >= '0' && c <= '9')) {
                    return number();
                }
                throw error("unexpected '" + c + "', expected a value");
        }
    }

    private Map<String, Object> object(int depth) {
        checkDepth(depth);
        pos++; // '{'
        Map<String, Object> members = new LinkedHashMap<>();
        skipWhitespace();
        if (peek() == '}') {
            pos++;
            return Collections.unmodifiableMap(members);
        }
        for (;;) {
            skipWhitespace();
            if (peek() != '"') {
                throw error("expected a string key");
            }
            int keyAt = pos;
            String key = string();
            skipWhitespace();
            expect(':');
            skipWhitespace();
            Object value = value(depth);
            if (members.containsKey(key)) {
                pos = keyAt;
                throw error("duplicate key \"" + key + "\"");
            }
            members.put(key, value);
            skipWhitespace();
            char c = next("',' or '}'");
            if (c == '}') {
                return Collections.unmodifiableMap(members);
            }
            if (c != ',') {
                pos--;
                throw error("unexpected '" + c + "', expected ',' or '}'");
            }
        }
    }

    private List<Object> array(int depth) {
        checkDepth(depth);
        pos++; // '['
        List<Object> items = new ArrayList<>();
        skipWhitespace();
        if (peek() == ']') {
            pos++;
            return Collections.unmodifiableList(items);
        }
        for (;;) {
            skipWhitespace();
            items.add(value(depth));
            skipWhitespace();
            char c = next("',' or ']'");
            if (c == ']') {
                return Collections.unmodifiableList(items);
            }
            if (c != ',') {
                pos--;
                throw error("unexpected '" + c + "', expected ',' or ']'");
            }
        }
    }

    private String string() {
        pos++; // opening quote
        StringBuilder out = new StringBuilder();
        for (;;) {
            if (pos >= text.length()) {
                throw error("unterminated string");
            }
            char c = text.charAt(pos++);
            if (c == '"') {
                return out.toString();
            }
            if (c < 0x20) {
                pos--;
                throw error("unescaped control character U+" + hex4(c) + " in a string");
            }
            if (c == '\\') {
                escape(out);
            } else if (Character.isHighSurrogate(c)) {
                out.append(c).append(lowSurrogateAfter(c, true));
            } else if (Character.isLowSurrogate(c)) {
                pos--;
                throw error("lone low surrogate U+" + hex4(c));
            } else {
                out.append(c);
            }
        }
    }

    private void escape(StringBuilder out) {
        char c = next("an escape character");
        switch (c) {
            case '"' -> out.append('"');
            case '\\' -> out.append('\\');
            case '/' -> out.append('/');
            case 'b' -> out.append('\b');
            case 'f' -> out.append('\f');
            case 'n' -> out.append('\n');
            case 'r' -> out.append('\r');
            case 't' -> out.append('\t');
            case 'u' -> {
                char unit = hexUnit();
                if (Character.isHighSurrogate(unit)) {
                    out.append(unit).append(lowSurrogateAfter(unit, false));
                } else if (Character.isLowSurrogate(unit)) {
                    pos -= 6;
                    throw error("lone low surrogate \\u" + hex4(unit));
                } else {
                    out.append(unit);
                }
            }
            default -> {
                pos--;
                throw error("invalid escape '\\" + c + "'");
            }
        }
    }

    /**
     * The low surrogate that must follow {@code high}: a character outside the BMP is one pair, written
     * either raw or as two {@code \\uXXXX} escapes. Mixing the two forms is accepted as well.
     */
    private char lowSurrogateAfter(char high, boolean raw) {
        int at = pos;
        char low;
        if (pos + 6 <= text.length() && text.charAt(pos) == '\\' && text.charAt(pos + 1) == 'u') {
            pos += 2;
            low = hexUnit();
        } else if (pos < text.length()) {
            low = text.charAt(pos++);
        } else {
            low = 0;
        }
        if (!Character.isLowSurrogate(low)) {
            pos = at;
            throw error("high surrogate " + (raw ? "U+" : "\\u") + hex4(high) + " not followed by a low surrogate");
        }
        return low;
    }

    private char hexUnit() {
        if (pos + 4 > text.length()) {
            throw error("truncated \\u escape");
        }
        int value = 0;
        for (int i = 0; i < 4; i++) {
            int digit = hexDigit(text.charAt(pos + i));
            if (digit < 0) {
                pos += i;
                throw error("invalid hex digit '" + text.charAt(pos) + "' in a \\u escape");
            }
            value = value * 16 + digit;
        }
        pos += 4;
        return (char) value;
    }

    /** The value of an ASCII hex digit, or -1 (Character.digit would also take non-ASCII digits). */
    private static int hexDigit(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        return -1;
    }

    private Object number() {
        int start = pos;
        if (peek() == '-') {
            pos++;
        }
        if (peek() == '0') {
            pos++;
            if (isDigit(peek())) {
                throw error("leading zero in a number");
            }
        } else if (isDigit(peek())) {
            digits();
        } else {
            throw error("expected a digit");
        }
        boolean integral = true;
        if (peek() == '.') {
            integral = false;
            pos++;
            if (!isDigit(peek())) {
                throw error("expected a digit after '.'");
            }
            digits();
        }
        if (peek() == 'e' || peek() == 'E') {
            integral = false;
            pos++;
            if (peek() == '+' || peek() == '-') {
                pos++;
            }
            if (!isDigit(peek())) {
                throw error("expected a digit in the exponent");
            }
            digits();
        }
        String literal = text.substring(start, pos);
        if (integral) {
            try {
                return Long.parseLong(literal);
            } catch (NumberFormatException e) {
                // Out of long range: falls through to BigDecimal, which is exact.
            }
        }
        try {
            return new BigDecimal(literal);
        } catch (NumberFormatException e) {
            // An exponent beyond int range: grammatical, but no BigDecimal can hold it.
            pos = start;
            throw error("number out of range: " + literal);
        }
    }

    private void digits() {
        while (isDigit(peek())) {
            pos++;
        }
    }

    private static boolean isDigit(int c) {
        return c >= '0' && c <= '9';
    }

    private void literal(String word) {
        if (!text.startsWith(word, pos)) {
            throw error("invalid literal, expected '" + word + "'");
        }
        pos += word.length();
    }

    private void expect(char wanted) {
        char c = next("'" + wanted + "'");
        if (c != wanted) {
            pos--;
            throw error("unexpected '" + c + "', expected '" + wanted + "'");
        }
    }

    /** The next character, consumed; fails at the end of input naming what was {@code expected}. */
    private char next(String expected) {
        if (pos >= text.length()) {
            throw error("unexpected end of input, expected " + expected);
        }
        return text.charAt(pos++);
    }

    /** The next character without consuming it, or -1 at the end of input. */
    private int peek() {
        return pos < text.length() ? text.charAt(pos) : -1;
    }

    private void skipWhitespace() {
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
                return;
            }
            pos++;
        }
    }

    private void checkDepth(int depth) {
        if (depth > MAX_DEPTH) {
            throw error("nesting deeper than " + MAX_DEPTH);
        }
    }

    private JsonException error(String message) {
        return new JsonException(message, pos);
    }

    private static String hex4(char c) {
        return String.format("%04X", (int) c);
    }
}
