// LatencyChart: p50 / p99 / p99.9 bars per target for one fixed-rate latency scenario.
package dev.switchboard.bench.report;

import dev.switchboard.bench.runner.BenchResults;
import dev.switchboard.bench.runner.BenchResults.Run;
import dev.switchboard.bench.runner.BenchResults.Scenario;
import java.awt.FontMetrics;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * Three groups (p50, p99, p99.9), one bar per target in each, labelled with the median value; under each
 * group Switchboard / PgBouncer and Switchboard / direct (below 1 is better for latency).
 */
final class LatencyChart {

    private static final List<String> NAMES = List.of("p50", "p99", "p99.9");
    private static final List<ToDoubleFunction<Run>> METRICS = List.of(Run::p50Ms, Run::p99Ms, Run::p999Ms);

    private LatencyChart() {
    }

    static void write(Path file, List<String> targets, Scenario s) throws IOException {
        double max = 0;
        for (ToDoubleFunction<Run> m : METRICS) {
            for (String t : targets) {
                double v = s.median(t, m);
                max = Double.isFinite(v) ? Math.max(max, v) : max;
            }
        }
        ChartCanvas c = new ChartCanvas("Latency at a fixed rate, " + s.clients() + " clients",
                "pgbench -R" + (s.variant().isEmpty() ? "" : ", " + s.variant() + " protocol")
                        + ", median over rounds; under each group: Switchboard's ratio (below 1 is better)", max);
        c.drawYAxis("latency (ms)", "");
        int groupWidth = (c.plotRight() - c.plotLeft()) / NAMES.size();
        int barWidth = Math.min(90, (int) (groupWidth * 0.7 / Math.max(1, targets.size())));
        for (int gi = 0; gi < NAMES.size(); gi++) {
            double center = c.plotLeft() + groupWidth * (gi + 0.5);
            double left = center - barWidth * targets.size() / 2.0;
            for (int ti = 0; ti < targets.size(); ti++) {
                double v = s.median(targets.get(ti), METRICS.get(gi));
                double bx = left + ti * barWidth;
                c.g.setFont(ChartCanvas.SMALL);
                if (!Double.isFinite(v)) {
                    c.label("n/a", bx + barWidth / 2.0, c.plotBottom() - 6, ChartCanvas.AXIS);
                    continue;
                }
                int top = (int) Math.round(c.y(v));
                c.g.setColor(ChartCanvas.color(targets.get(ti)));
                c.g.fillRect((int) Math.round(bx) + 3, top, barWidth - 6, c.plotBottom() - top);
                c.label(Format.millis(v), bx + barWidth / 2.0, top - 5, ChartCanvas.TEXT);
            }
            c.g.setFont(ChartCanvas.LABEL);
            FontMetrics fm = c.g.getFontMetrics();
            c.g.setColor(ChartCanvas.TEXT);
            String name = NAMES.get(gi);
            c.g.drawString(name, (int) center - fm.stringWidth(name) / 2, c.plotBottom() + 22);
            c.g.setFont(ChartCanvas.SMALL);
            int line = 0;
            for (String other : List.of(BenchResults.PGBOUNCER, BenchResults.DIRECT)) {
                if (targets.contains(other) && targets.contains(BenchResults.SWITCHBOARD)) {
                    String ratio = "SB/" + (other.equals(BenchResults.PGBOUNCER) ? "PgB " : "direct ")
                            + Format.ratio(s.median(BenchResults.SWITCHBOARD, METRICS.get(gi)),
                            s.median(other, METRICS.get(gi)));
                    c.label(ratio, center, c.plotBottom() + 40 + 16 * line++,
                            ChartCanvas.color(BenchResults.SWITCHBOARD));
                }
            }
        }
        c.drawLegend(targets);
        c.writePng(file);
    }
}
