// ChartsTest: charts from a synthetic run are PNGs of the promised size with more than a blank canvas.
package dev.switchboard.bench.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.bench.runner.BenchResults;
import dev.switchboard.bench.runner.BenchResults.Run;
import dev.switchboard.bench.runner.BenchResults.Scenario;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class ChartsTest {

    private static final List<String> TARGETS =
            List.of(BenchResults.DIRECT, BenchResults.SWITCHBOARD, BenchResults.PGBOUNCER);

    /** Kept under target/ (not a temp dir) so a person can look at the charts after the build. */
    private static final Path OUT = Path.of("target", "test-charts");

    @Test
    void writesOneThroughputChartPerProtocolAndOneLatencyChartPerScenario() throws Exception {
        List<Path> files = Charts.write(OUT, synthetic(3, true));
        assertEquals(List.of("throughput-simple.png", "throughput-extended.png", "throughput-prepared.png",
                        "latency-100.png", "latency-5000.png"),
                files.stream().map(p -> p.getFileName().toString()).toList());
        for (Path f : files) {
            assertTrue(Files.size(f) > 1000, f + " is " + Files.size(f) + " bytes");
            BufferedImage img = ImageIO.read(f.toFile());
            assertEquals(Charts.WIDTH, img.getWidth(), f.toString());
            assertEquals(Charts.HEIGHT, img.getHeight(), f.toString());
            assertTrue(distinctColours(img) > 20, f + " looks blank");
        }
    }

    @Test
    void aRunWithoutPgBouncerStillChartsWithRatiosMarkedMissing() throws Exception {
        List<Path> files = Charts.write(OUT.resolve("no-pgbouncer"), synthetic(1, false));
        assertEquals(5, files.size());
        for (Path f : files) {
            assertEquals(Charts.WIDTH, ImageIO.read(f.toFile()).getWidth());
        }
    }

    @Test
    void aRunWithoutSelectOrLatencyScenariosWritesNothing() {
        BenchResults empty = new BenchResults(machine(), "./switchboard bench", true, 1, TARGETS, List.of());
        assertEquals(List.of(), Charts.write(OUT.resolve("empty"), empty));
    }

    private static int distinctColours(BufferedImage img) {
        Set<Integer> seen = new HashSet<>();
        for (int y = 0; y < img.getHeight(); y += 3) {
            for (int x = 0; x < img.getWidth(); x += 3) {
                seen.add(img.getRGB(x, y));
            }
        }
        return seen.size();
    }

    /** A plausible run: Switchboard near PgBouncer, both under direct at low client counts. */
    static BenchResults synthetic(int rounds, boolean withPgBouncer) {
        List<String> targets = withPgBouncer ? TARGETS : List.of(BenchResults.DIRECT, BenchResults.SWITCHBOARD);
        List<Scenario> scenarios = new ArrayList<>();
        for (String variant : List.of("simple", "extended", "prepared")) {
            double base = variant.equals("prepared") ? 1.3 : variant.equals("extended") ? 0.8 : 1.0;
            for (int clients : new int[] {1, 10, 100, 1000}) {
                List<Run> runs = new ArrayList<>();
                for (int r = 0; r < rounds; r++) {
                    double direct = base * (clients == 1 ? 9_000 : clients == 10 ? 38_000 : clients == 100 ? 30_000 : 12_000);
                    double sb = base * (clients == 1 ? 5_200 : clients == 10 ? 27_000 : clients == 100 ? 31_000 : 29_500);
                    double pgb = base * (clients == 1 ? 5_800 : clients == 10 ? 25_000 : clients == 100 ? 26_000 : 24_000);
                    runs.add(tpsRun(BenchResults.DIRECT, r, direct * (1 + 0.01 * r)));
                    runs.add(tpsRun(BenchResults.SWITCHBOARD, r, sb * (1 - 0.01 * r)));
                    if (withPgBouncer) {
                        runs.add(tpsRun(BenchResults.PGBOUNCER, r, pgb));
                    } else {
                        runs.add(Run.failed(BenchResults.PGBOUNCER, r, "pgbouncer not found"));
                    }
                }
                scenarios.add(new Scenario("select-only " + variant + " " + clients, Scenario.SELECT_ONLY,
                        variant, clients, runs));
            }
        }
        for (int clients : new int[] {100, 5000}) {
            List<Run> runs = new ArrayList<>();
            double scale = clients == 100 ? 1 : 6;
            for (int r = 0; r < rounds; r++) {
                runs.add(latencyRun(BenchResults.DIRECT, r, 0.21 * scale, 0.9 * scale, 2.4 * scale));
                runs.add(latencyRun(BenchResults.SWITCHBOARD, r, 0.33 * scale, 1.4 * scale, 3.9 * scale));
                if (withPgBouncer) {
                    runs.add(latencyRun(BenchResults.PGBOUNCER, r, 0.35 * scale, 1.9 * scale, 5.5 * scale));
                }
            }
            scenarios.add(new Scenario("latency " + clients, Scenario.LATENCY, "", clients, runs));
        }
        scenarios.add(new Scenario("idle 1000", Scenario.IDLE, "", 1000,
                List.of(new Run(BenchResults.SWITCHBOARD, 0, Double.NaN, Double.NaN, Double.NaN, Double.NaN,
                        Double.NaN, 80_000_000, 3_100, Double.NaN, 0, null))));
        return new BenchResults(machine(), "./switchboard bench", false, rounds, targets, scenarios);
    }

    private static Run tpsRun(String target, int round, double tps) {
        return new Run(target, round, tps, Double.NaN, Double.NaN, Double.NaN, Double.NaN, -1, Double.NaN,
                Double.NaN, (long) (tps * 10), null);
    }

    private static Run latencyRun(String target, int round, double p50, double p99, double p999) {
        return new Run(target, round, 1000, p50, p99, p999, Double.NaN, -1, Double.NaN, Double.NaN, 10_000, null);
    }

    private static BenchResults.Machine machine() {
        return new BenchResults.Machine(2, 4L << 30, "Linux 6.1", "17.0.12", "18.1", "1.24.1", null);
    }
}
