// Duration helpers shared by the pool: saturating nanos and short human-readable text.
package dev.switchboard.pooling;

import java.time.Duration;

final class Durations {

    /**
     * Caps nanosecond limits far below overflow so that {@code now + limit} never wraps past a reading
     * it must be compared with (about 73 years).
     */
    static final long MAX_NANOS = Long.MAX_VALUE / 4;

    private Durations() {
    }

    static long toNanos(Duration d) {
        if (d.compareTo(Duration.ofNanos(MAX_NANOS)) >= 0) {
            return MAX_NANOS;
        }
        return d.toNanos();
    }

    /** "30s", "250ms", "10m", "1h", "90s": the largest whole unit, as users write it in the config. */
    static String format(Duration d) {
        long millis = d.toMillis();
        if (millis % 1000 != 0 || millis == 0) {
            return millis + "ms";
        }
        long seconds = millis / 1000;
        if (seconds % 3600 == 0) {
            return seconds / 3600 + "h";
        }
        if (seconds % 60 == 0) {
            return seconds / 60 + "m";
        }
        return seconds + "s";
    }
}
