// StatsTest: medians, nearest-rank percentiles and ratios, NaN handling.
package dev.switchboard.bench.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class StatsTest {

    @Test
    void medianOfOddCountIsTheMiddleValue() {
        assertEquals(3.0, Stats.median(5, 1, 3));
    }

    @Test
    void medianOfEvenCountIsTheMeanOfTheMiddleTwo() {
        assertEquals(2.5, Stats.median(4, 1, 2, 3));
    }

    @Test
    void medianIgnoresNaNAndIsNaNWhenNothingWasMeasured() {
        assertEquals(2.0, Stats.median(Double.NaN, 2, Double.NaN));
        assertTrue(Double.isNaN(Stats.median()));
        assertTrue(Double.isNaN(Stats.median(Double.NaN)));
    }

    @Test
    void percentileIsNearestRank() {
        double[] sorted = new double[1000];
        for (int i = 0; i < sorted.length; i++) {
            sorted[i] = i + 1;
        }
        assertEquals(500, Stats.percentileOfSorted(sorted, 50));
        assertEquals(990, Stats.percentileOfSorted(sorted, 99));
        assertEquals(999, Stats.percentileOfSorted(sorted, 99.9));
        assertEquals(1000, Stats.percentileOfSorted(sorted, 100));
        assertEquals(7, Stats.percentileOfSorted(new double[] {7}, 99.9));
        assertTrue(Double.isNaN(Stats.percentileOfSorted(new double[0], 50)));
    }

    @Test
    void ratioIsNaNWhenASideIsMissingOrZero() {
        assertEquals(1.5, Stats.ratio(3, 2));
        assertTrue(Double.isNaN(Stats.ratio(Double.NaN, 2)));
        assertTrue(Double.isNaN(Stats.ratio(3, Double.NaN)));
        assertTrue(Double.isNaN(Stats.ratio(3, 0)));
    }
}
