// LatencyLog: reads pgbench per-transaction log files and computes latency percentiles.
package dev.switchboard.bench.scenarios;

import dev.switchboard.bench.runner.Stats;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * pgbench {@code -l} writes one line per transaction: {@code client_id transaction_no time script_no
 * time_epoch time_us [schedule_lag]}. With {@code -R}, {@code time} counts from the scheduled start,
 * so queueing in front of a saturated target shows up in the percentiles, as a user would feel it.
 */
public record LatencyLog(double p50Ms, double p99Ms, double p999Ms, long count) {

    /** All files named {@code <prefix>.<pid>[.<thread>]} next to {@code prefix}. */
    public static LatencyLog read(Path prefix) {
        String name = prefix.getFileName().toString() + ".";
        try (Stream<Path> files = Files.list(prefix.getParent())) {
            double[] micros = files.filter(f -> f.getFileName().toString().startsWith(name))
                    .flatMap(LatencyLog::lines)
                    .mapToDouble(LatencyLog::latencyMicros)
                    .filter(d -> !Double.isNaN(d))
                    .sorted().toArray();
            return of(micros);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read pgbench logs " + prefix + ".*", e);
        }
    }

    /** Percentiles of sorted latencies in microseconds. */
    static LatencyLog of(double[] sortedMicros) {
        if (sortedMicros.length == 0) {
            throw new IllegalStateException("pgbench logged no transactions");
        }
        return new LatencyLog(Stats.percentileOfSorted(sortedMicros, 50) / 1000,
                Stats.percentileOfSorted(sortedMicros, 99) / 1000,
                Stats.percentileOfSorted(sortedMicros, 99.9) / 1000, sortedMicros.length);
    }

    /** The third column, or NaN for "skipped"/"failed" transactions and malformed lines. */
    static double latencyMicros(String line) {
        String[] cols = line.trim().split("\\s+");
        if (cols.length < 3) {
            return Double.NaN;
        }
        try {
            return Double.parseDouble(cols[2]);
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    private static Stream<String> lines(Path file) {
        try {
            return Files.readAllLines(file).stream();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }
}
