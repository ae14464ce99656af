// Durations: PgBouncer's timeouts (seconds, fractions allowed) written as Switchboard durations.
package dev.switchboard.proxy.pgbouncer;

import java.math.BigDecimal;

/** {@code 0} stays {@code 0}; whole seconds become {@code 30s}; fractions become milliseconds ({@code 1500ms}). */
final class Durations {

    private Durations() {
    }

    /** The duration, or null when {@code seconds} is not a non-negative number. */
    static String fromSeconds(String seconds) {
        BigDecimal value;
        try {
            value = new BigDecimal(seconds.strip());
        } catch (NumberFormatException e) {
            return null;
        }
        if (value.signum() < 0) {
            return null;
        }
        if (value.signum() == 0) {
            return "0";
        }
        BigDecimal millis = value.movePointRight(3);
        if (millis.remainder(BigDecimal.valueOf(1000)).signum() == 0) {
            return value.toBigInteger() + "s";
        }
        return millis.setScale(0, java.math.RoundingMode.HALF_UP).max(BigDecimal.ONE).toBigInteger() + "ms";
    }
}
