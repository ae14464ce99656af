// WarmUpTest: which unrecorded runs bring the proxies to their steady state before anything is measured.
package dev.switchboard.bench.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class WarmUpTest {

    @Test
    void oneRunPerMeasuredProtocolAndTransportAtMoreClientsThanThePoolHolds() {
        assertEquals("select-only simple 100, select-only simple 100 tls, select-only simple 100 unix",
                names(BenchOptions.parse("--quick").plan()));
        assertEquals("select-only simple 100, select-only extended 100, select-only prepared 100,"
                + " select-only simple 100 tls, select-only simple 100 unix",
                names(BenchOptions.parse().plan()));
    }

    @Test
    void runsLastLongEnoughForTheJitEvenWhenMeasuredRunsAreShort() {
        assertEquals(BenchRunner.WARM_UP_SECONDS,
                BenchRunner.warmUpRuns(BenchOptions.parse("--duration", "2").plan()).get(0).seconds());
        assertEquals(30, BenchRunner.warmUpRuns(BenchOptions.parse("--duration", "30").plan()).get(0).seconds());
    }

    private static String names(BenchPlan plan) {
        return String.join(", ", BenchRunner.warmUpRuns(plan).stream().map(s -> s.name()).toList());
    }
}
