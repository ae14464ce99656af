// Results: small BenchResults fixtures for the report tests.
package dev.switchboard.bench.runner;

import dev.switchboard.bench.runner.BenchResults.Run;
import java.util.List;

final class Results {
    private Results() {
    }

    static final BenchResults.Machine MACHINE = new BenchResults.Machine(2, 4L << 30, "Linux 6.1", "OpenJDK 17",
            "18.6", "PgBouncer 1.18.0", "Temurin-25.0.3+9");

    static Run tps(String target, int round, double tps) {
        return new Run(target, round, tps, Double.NaN, Double.NaN, Double.NaN, Double.NaN, -1, Double.NaN,
                Double.NaN, 1000, null);
    }

    static BenchResults selectOnly(List<String> targets, List<Run> runs) {
        var scenario = new BenchResults.Scenario("select-only simple 10", BenchResults.Scenario.SELECT_ONLY, "simple",
                10, runs);
        return new BenchResults(MACHINE, "./switchboard bench", false, 3, targets, List.of(scenario));
    }
}
