// MiddlewareStatement: a SET, RESET or SHOW of a switchboard.* setting, which the proxy answers itself.
package dev.switchboard.proxy.extensions;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Recognises one statement on a middleware setting: {@code SET [SESSION|LOCAL] switchboard.x {TO|=} value},
 * {@code SET switchboard.x TO DEFAULT}, {@code RESET switchboard.x}, {@code SHOW switchboard.x}, alone in
 * the text (a trailing semicolon is fine). A value is a single-quoted string ({@code ''} inside) or one bare
 * word or number, as PostgreSQL takes them for a one-value SET; a list of them separated by commas (as for
 * {@code search_path}) is one value with its items joined by commas.
 */
public record MiddlewareStatement(Kind kind, String name, String value, boolean local) {

    /** What the statement does. */
    public enum Kind { SET, RESET, SHOW }

    private static final String NAME = "(switchboard\\.[A-Za-z0-9_]+)";
    private static final String ITEM = "'(?:[^']|'')*'|[A-Za-z0-9_.+\\-/]+";
    private static final Pattern ITEMS = Pattern.compile(ITEM);
    private static final Pattern SET = Pattern.compile("SET\\s+(?:(SESSION|LOCAL)\\s+)?" + NAME
            + "\\s*(?:=|\\s+TO\\s+)\\s*((?:" + ITEM + ")(?:\\s*,\\s*(?:" + ITEM + "))*)", Pattern.CASE_INSENSITIVE);
    private static final Pattern RESET = Pattern.compile("RESET\\s+" + NAME, Pattern.CASE_INSENSITIVE);
    private static final Pattern SHOW = Pattern.compile("SHOW\\s+" + NAME, Pattern.CASE_INSENSITIVE);

    /** Whether the text mentions the middleware namespace at all: the cheap test before anything else. */
    public static boolean mentions(String sql) {
        int n = sql.length() - Extension.SETTING_PREFIX.length();
        for (int i = 0; i <= n; i++) {
            char c = sql.charAt(i);
            if ((c == 's' || c == 'S') && sql.regionMatches(true, i, Extension.SETTING_PREFIX, 0,
                    Extension.SETTING_PREFIX.length())) {
                return true;
            }
        }
        return false;
    }

    private static final byte[] PREFIX = Extension.SETTING_PREFIX.getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    /**
     * Each event loop's copy of the text being searched. A direct buffer read byte by byte checks bounds (and on
     * JDK 25 its memory segment's state) at every byte; one bulk copy per chunk checks once, and the search then
     * runs over a plain array. Every Query and Parse passes through here.
     */
    private static final io.netty.util.concurrent.FastThreadLocal<byte[]> CHUNK =
            new io.netty.util.concurrent.FastThreadLocal<>() {
                @Override
                protected byte[] initialValue() {
                    return new byte[1024];
                }
            };

    /** As {@link #mentions(String)}, on a message body (a Query's, a Parse's), without decoding it. */
    public static boolean mentions(io.netty.buffer.ByteBuf body) {
        byte[] chunk = CHUNK.get();
        int from = body.readerIndex();
        int end = body.writerIndex();
        while (end - from >= PREFIX.length) {
            int n = Math.min(chunk.length, end - from);
            body.getBytes(from, chunk, 0, n);
            if (mentions(chunk, n)) {
                return true;
            }
            // The next chunk starts early enough to see a prefix cut by this one's end.
            from += n - (PREFIX.length - 1);
        }
        return false;
    }

    private static boolean mentions(byte[] text, int length) {
        int last = length - PREFIX.length;
        for (int i = 0; i <= last; i++) {
            if ((text[i] | 0x20) == 's' && prefixAt(text, i)) {
                return true;
            }
        }
        return false;
    }

    private static boolean prefixAt(byte[] text, int at) {
        for (int j = 0; j < PREFIX.length; j++) {
            byte b = text[at + j];
            if (b != PREFIX[j] && (b | 0x20) != PREFIX[j]) {
                return false;
            }
        }
        return true;
    }

    /** The statement, or null when the text is not exactly one statement on a middleware setting. */
    public static MiddlewareStatement parse(String sql) {
        if (!mentions(sql)) {
            return null;
        }
        String text = withoutTrailingSemicolons(sql.strip());
        Matcher m = SET.matcher(text);
        if (m.matches()) {
            String raw = m.group(3);
            boolean local = "local".equalsIgnoreCase(m.group(1));
            if (raw.equalsIgnoreCase("default")) {
                return new MiddlewareStatement(Kind.RESET, lower(m.group(2)), null, local);
            }
            return new MiddlewareStatement(Kind.SET, lower(m.group(2)), value(raw), local);
        }
        m = RESET.matcher(text);
        if (m.matches()) {
            return new MiddlewareStatement(Kind.RESET, lower(m.group(1)), null, false);
        }
        m = SHOW.matcher(text);
        if (m.matches()) {
            return new MiddlewareStatement(Kind.SHOW, lower(m.group(1)), null, false);
        }
        return null;
    }

    /** The items of a value, unquoted, joined by commas. */
    private static String value(String raw) {
        java.util.StringJoiner items = new java.util.StringJoiner(",");
        Matcher item = ITEMS.matcher(raw);
        while (item.find()) {
            String text = item.group();
            items.add(text.startsWith("'") ? text.substring(1, text.length() - 1).replace("''", "'") : text);
        }
        return items.toString();
    }

    private static String withoutTrailingSemicolons(String text) {
        int end = text.length();
        while (end > 0 && (text.charAt(end - 1) == ';' || Character.isWhitespace(text.charAt(end - 1)))) {
            end--;
        }
        return text.substring(0, end);
    }

    private static String lower(String name) {
        return name.toLowerCase(Locale.ROOT);
    }

    /** The command tag PostgreSQL gives this statement. */
    public String tag() {
        return kind.name();
    }
}
