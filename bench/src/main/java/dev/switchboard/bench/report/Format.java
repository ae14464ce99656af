// Format: short human-readable numbers and ratios for chart labels.
package dev.switchboard.bench.report;

import java.util.Locale;

/** Number formatting for charts: "12.5k", "1.08×", "0.42 ms". Locale-independent. */
final class Format {

    private Format() {
    }

    /** 950, 1.2k, 12k, 1.5M; drops ".0". */
    static String compact(double v) {
        double a = Math.abs(v);
        if (a >= 1e6) {
            return trim(v / 1e6) + "M";
        }
        if (a >= 1e3) {
            return trim(v / 1e3) + "k";
        }
        return trim(v);
    }

    /** A ratio as "1.08×", or "n/a" when either side was not measured. */
    static String ratio(double numerator, double denominator) {
        if (!(numerator > 0) || !(denominator > 0) || !Double.isFinite(numerator / denominator)) {
            return "n/a";
        }
        return String.format(Locale.ROOT, "%.2f×", numerator / denominator);
    }

    /** Milliseconds with three significant digits. */
    static String millis(double ms) {
        if (!Double.isFinite(ms)) {
            return "n/a";
        }
        String s = ms >= 100 ? String.format(Locale.ROOT, "%.0f", ms)
                : ms >= 10 ? String.format(Locale.ROOT, "%.1f", ms) : String.format(Locale.ROOT, "%.2f", ms);
        return s + " ms";
    }

    private static String trim(double v) {
        String s = Math.abs(v) >= 100 || v == Math.rint(v)
                ? String.format(Locale.ROOT, "%.0f", v) : String.format(Locale.ROOT, "%.1f", v);
        return s.endsWith(".0") ? s.substring(0, s.length() - 2) : s;
    }
}
