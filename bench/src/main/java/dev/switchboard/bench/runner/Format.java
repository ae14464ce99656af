// Format: how numbers, ratios and missing values are printed in the bench's tables.
package dev.switchboard.bench.runner;

import java.util.Locale;

/** Missing values print as "n/a"; ratios as e.g. "1.23x". */
public final class Format {
    private Format() {
    }

    /** A number with a precision that suits its size: 12345, 123.4, 1.23, 0.0123. */
    public static String number(double v) {
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            return "n/a";
        }
        double a = Math.abs(v);
        String pattern = a >= 1000 ? "%.0f" : a >= 100 ? "%.1f" : a >= 1 ? "%.2f" : a == 0 ? "%.0f" : "%.4f";
        return String.format(Locale.ROOT, pattern, v);
    }

    /** {@code a / b} as "1.23x", or "n/a" when either side is missing. */
    public static String ratio(double a, double b) {
        double r = Stats.ratio(a, b);
        return Double.isNaN(r) ? "n/a" : String.format(Locale.ROOT, "%.2fx", r);
    }

    /** Bytes as MiB with one decimal. */
    public static double mib(double bytes) {
        return bytes < 0 || Double.isNaN(bytes) ? Double.NaN : bytes / (1024.0 * 1024.0);
    }
}
