// Lsn: PostgreSQL's textual WAL positions ("16/B374D848") as unsigned 64-bit numbers.
package dev.switchboard.topology;

/** Parsing and formatting of {@code pg_lsn} text. Positions compare with {@link Long#compareUnsigned}. */
public final class Lsn {
    /** Stands for "no position known". */
    public static final long UNKNOWN = 0;

    private Lsn() {
    }

    /** Parses {@code X/Y} (hexadecimal halves); null or empty text is {@link #UNKNOWN}. */
    public static long parse(String text) {
        if (text == null || text.isEmpty()) {
            return UNKNOWN;
        }
        int slash = text.indexOf('/');
        if (slash <= 0 || slash == text.length() - 1) {
            throw new IllegalArgumentException("not a WAL position: \"" + text + "\"");
        }
        return half(text, 0, slash) << 32 | half(text, slash + 1, text.length());
    }

    /** One half: 1 to 8 hex digits, nothing else (Long.parseLong would take a sign). */
    private static long half(String text, int from, int to) {
        if (to - from > 8) {
            throw new IllegalArgumentException("not a WAL position: \"" + text + "\"");
        }
        long value = 0;
        for (int i = from; i < to; i++) {
            int digit = Character.digit(text.charAt(i), 16);
            if (digit < 0) {
                throw new IllegalArgumentException("not a WAL position: \"" + text + "\"");
            }
            value = value << 4 | digit;
        }
        return value;
    }

    public static String format(long lsn) {
        return Long.toHexString(lsn >>> 32).toUpperCase() + "/" + Long.toHexString(lsn & 0xFFFF_FFFFL).toUpperCase();
    }

    /** Bytes from {@code from} to {@code to}, 0 when {@code to} is not ahead. */
    public static long distance(long from, long to) {
        return Long.compareUnsigned(to, from) > 0 ? to - from : 0;
    }

    public static boolean atLeast(long lsn, long target) {
        return Long.compareUnsigned(lsn, target) >= 0;
    }
}
