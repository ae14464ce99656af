// Metric: the values the report shows for each kind of scenario, with labels and direction.
package dev.switchboard.bench.runner;

import dev.switchboard.bench.runner.BenchResults.Run;
import java.util.List;
import java.util.function.ToDoubleFunction;

/** A named measurement of a run; proxy-only metrics are n/a for direct connections. */
public record Metric(String label, ToDoubleFunction<Run> value) {

    /** The rows of a scenario kind, in table order. */
    public static List<Metric> forKind(String kind) {
        return switch (kind) {
            case BenchResults.Scenario.SELECT_ONLY -> List.of(
                    new Metric("tps", Run::tps),
                    new Metric("proxy CPU s / 1000 tx", Run::cpuSecondsPer1000Tx));
            case BenchResults.Scenario.STORM -> List.of(new Metric("new connections/s", Run::connectionsPerSecond));
            case BenchResults.Scenario.LATENCY -> List.of(
                    new Metric("p50 ms", Run::p50Ms),
                    new Metric("p99 ms", Run::p99Ms),
                    new Metric("p99.9 ms", Run::p999Ms));
            case BenchResults.Scenario.IDLE -> List.of(
                    new Metric("proxy RSS MiB", r -> Format.mib(r.rssBytes())),
                    new Metric("bytes / idle client", Run::bytesPerClient));
            default -> List.of(new Metric("tps", Run::tps));
        };
    }
}
