// How far behind the primary a standby may be and still serve a database: in bytes of WAL or in time.
package dev.switchboard.config;

import java.time.Duration;
import java.util.Locale;
import java.util.Set;

/**
 * A bound on standby lag. Exactly one of the two is set.
 *
 * @param bytes WAL bytes a standby may be behind; -1 when the bound is a time
 * @param time  replay delay a standby may have; null when the bound is in bytes
 */
public record MaxLag(long bytes, Duration time) {

    private static final Set<String> SIZE_UNITS =
            Set.of("", "b", "kb", "kib", "mb", "mib", "gb", "gib", "tb", "tib");
    private static final Set<String> DURATION_UNITS = Set.of("ms", "s", "m", "h", "d");

    public MaxLag {
        if (time == null ? bytes < 0 : bytes != -1) {
            throw new IllegalArgumentException("exactly one of bytes (>= 0) and time must be set, got bytes "
                    + bytes + ", time " + time);
        }
        if (time != null && time.isNegative()) {
            throw new IllegalArgumentException("time must not be negative, got " + time);
        }
    }

    public static MaxLag ofBytes(long bytes) {
        return new MaxLag(bytes, null);
    }

    public static MaxLag ofTime(Duration time) {
        return new MaxLag(-1, time);
    }

    /** True when the bound is a time ({@link #time()}), false when it is in bytes ({@link #bytes()}). */
    public boolean isTimeBound() {
        return time != null;
    }

    /**
     * Parses a duration ({@code 100ms}, {@code 2s}) or a size ({@code 16kB}, {@code 1MB}, or a plain number of
     * bytes); the unit decides which. A bare number, {@code 0} included, is bytes, as everywhere sizes are read.
     *
     * @throws IllegalArgumentException with a message saying what is wrong
     */
    public static MaxLag parse(String text) {
        String s = text.strip();
        if (s.isEmpty()) {
            throw new IllegalArgumentException("empty; expected a duration (100ms, 2s) or a size (16kB, 1MB)");
        }
        int unitStart = s.length();
        while (unitStart > 0 && Character.isLetter(s.charAt(unitStart - 1))) {
            unitStart--;
        }
        String unit = s.substring(unitStart);
        if (SIZE_UNITS.contains(unit.toLowerCase(Locale.ROOT))) {
            return ofBytes(Sizes.parse(s));
        }
        if (DURATION_UNITS.contains(unit)) {
            return ofTime(Durations.parse(s));
        }
        String expected = "expected a duration (units ms, s, m, h, d: 100ms, 2s) or a size (units B, KB, MB, GB, "
                + "TB, or a plain number of bytes: 16kB, 1MB)";
        if (unitStart == 0) {
            throw new IllegalArgumentException("\"" + s + "\" is neither a duration nor a size; " + expected);
        }
        throw new IllegalArgumentException("unknown unit \"" + unit + "\" in \"" + s + "\"; " + expected);
    }

    /** In the file's syntax: a duration such as {@code 100ms}, or a number of bytes such as {@code 1048576B}. */
    @Override
    public String toString() {
        return time != null ? Durations.format(time) : bytes + "B";
    }
}
