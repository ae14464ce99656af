// Parses and formats durations written with units: 250ms, 30s, 10m, 1h, 1h30m, 0.
package dev.switchboard.config;

import java.time.Duration;

/** Duration syntax of the configuration file. */
public final class Durations {

    private static final String UNITS = "ms, s, m, h or d";

    private Durations() {
    }

    /**
     * Parses one or more {@code <integer><unit>} parts ({@code 1h30m}), units ms, s, m, h, d; or {@code 0}.
     * A plain number other than 0 is refused: {@code 30} could mean seconds or milliseconds.
     *
     * @throws IllegalArgumentException with a message saying what is wrong
     */
    public static Duration parse(String text) {
        String s = text.strip();
        if (s.equals("0")) {
            return Duration.ZERO;
        }
        if (s.isEmpty()) {
            throw new IllegalArgumentException("empty duration; expected e.g. 30s");
        }
        if (s.startsWith("-")) {
            throw new IllegalArgumentException("\"" + s + "\" is negative; durations must be 0 or more");
        }
        if (s.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new IllegalArgumentException("\"" + s + "\" has no unit; write e.g. " + s + "s or " + s
                    + "ms (units: " + UNITS + "); only 0 may be written without a unit");
        }
        Duration total = Duration.ZERO;
        int i = 0;
        try {
            while (i < s.length()) {
                int start = i;
                while (i < s.length() && Character.isDigit(s.charAt(i))) {
                    i++;
                }
                if (i == start) {
                    throw new IllegalArgumentException("\"" + s + "\" is not a duration; expected e.g. 250ms, 30s, 10m, 1h");
                }
                long amount = Long.parseLong(s.substring(start, i));
                int unitStart = i;
                while (i < s.length() && Character.isLetter(s.charAt(i))) {
                    i++;
                }
                String unit = s.substring(unitStart, i);
                if (unit.isEmpty()) {
                    String hint = i < s.length() && s.charAt(i) == '.'
                            ? "; fractions are not supported, use a smaller unit (1500ms, not 1.5s)"
                            : "; each number needs a unit (" + UNITS + ")";
                    throw new IllegalArgumentException("\"" + s + "\" is not a duration" + hint);
                }
                total = total.plus(unitDuration(unit, amount, s));
            }
        } catch (ArithmeticException | NumberFormatException e) {
            throw new IllegalArgumentException("\"" + s + "\" is too large for a duration");
        }
        return total;
    }

    private static Duration unitDuration(String unit, long amount, String whole) {
        switch (unit) {
            case "ms": return Duration.ofMillis(amount);
            case "s": return Duration.ofSeconds(amount);
            case "m": return Duration.ofMinutes(amount);
            case "h": return Duration.ofHours(amount);
            case "d": return Duration.ofDays(amount);
            default:
                throw new IllegalArgumentException("unknown unit \"" + unit + "\" in \"" + whole + "\"; use " + UNITS);
        }
    }

    /** Formats in the same syntax, using the largest unit that is exact: 250ms, 30s, 10m, 1h, 0. */
    public static String format(Duration d) {
        long ms = d.toMillis();
        if (ms == 0) {
            return "0";
        }
        if (ms % 3_600_000 == 0) {
            return ms / 3_600_000 + "h";
        }
        if (ms % 60_000 == 0) {
            return ms / 60_000 + "m";
        }
        if (ms % 1000 == 0) {
            return ms / 1000 + "s";
        }
        return ms + "ms";
    }
}
