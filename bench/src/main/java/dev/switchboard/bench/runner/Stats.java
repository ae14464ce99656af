// Stats: medians, percentiles and ratios over measurements, NaN-aware.
package dev.switchboard.bench.runner;

import java.util.Arrays;

/** Small statistics helpers; NaN means "not measured" and is ignored. */
public final class Stats {
    private Stats() {
    }

    /** Median of the non-NaN values; the mean of the middle two for an even count; NaN when empty. */
    public static double median(double... values) {
        double[] v = Arrays.stream(values).filter(d -> !Double.isNaN(d)).sorted().toArray();
        if (v.length == 0) {
            return Double.NaN;
        }
        int mid = v.length / 2;
        return v.length % 2 == 1 ? v[mid] : (v[mid - 1] + v[mid]) / 2;
    }

    /**
     * Nearest-rank percentile of already sorted values (p in 0..100]: the smallest value with at
     * least p% of the values at or below it. NaN when empty.
     */
    public static double percentileOfSorted(double[] sorted, double p) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        // The epsilon keeps 99.9% of 1000 at rank 999 despite binary floating point (99.9 * 10 = 999.0000000000001).
        int rank = (int) Math.ceil(p * sorted.length / 100.0 - 1e-9);
        return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1];
    }

    /** a / b, or NaN when either is missing or b is zero. */
    public static double ratio(double a, double b) {
        if (Double.isNaN(a) || Double.isNaN(b) || b == 0) {
            return Double.NaN;
        }
        return a / b;
    }
}
