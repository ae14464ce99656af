// Charts: writes the bench run's PNG charts (throughput per protocol, latency per fixed-rate scenario).
package dev.switchboard.bench.report;

import dev.switchboard.bench.runner.BenchResults;
import dev.switchboard.bench.runner.BenchResults.Scenario;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * PNG charts drawn with the JDK alone (java.awt in headless mode, ImageIO), so the bench needs no plotting
 * library and no display:
 * <ul>
 *   <li>{@code throughput-<variant>.png}: select-only tps against clients, one per protocol variant;</li>
 *   <li>{@code latency-<clients>[-<variant>].png}: p50/p99/p99.9 per target, one per fixed-rate scenario.</li>
 * </ul>
 */
public final class Charts {

    /** Pixel size of every chart. */
    public static final int WIDTH = 1000;
    public static final int HEIGHT = 600;

    private Charts() {
    }

    /**
     * Writes every chart {@code results} has data for into {@code dir} (created if missing) and returns the
     * files written, in order. A scenario kind without results produces no chart.
     *
     * @throws UncheckedIOException when a file cannot be written
     */
    public static List<Path> write(Path dir, BenchResults results) {
        System.setProperty("java.awt.headless", "true");
        List<Path> written = new ArrayList<>();
        try {
            Map<String, List<Scenario>> byVariant = new LinkedHashMap<>();
            for (Scenario s : results.scenarios(Scenario.SELECT_ONLY)) {
                byVariant.computeIfAbsent(s.variant().isEmpty() ? "simple" : s.variant(), v -> new ArrayList<>())
                        .add(s);
            }
            for (Map.Entry<String, List<Scenario>> e : byVariant.entrySet()) {
                Path file = dir.resolve("throughput-" + e.getKey() + ".png");
                ThroughputChart.write(file, e.getKey(), results.targets(), e.getValue(), results.rounds());
                written.add(file);
            }
            for (Scenario s : results.scenarios(Scenario.LATENCY)) {
                Path file = dir.resolve("latency-" + s.clients()
                        + (s.variant().isEmpty() ? "" : "-" + s.variant()) + ".png");
                LatencyChart.write(file, results.targets(), s);
                written.add(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write bench charts to " + dir + ": " + e.getMessage(), e);
        }
        return written;
    }
}
