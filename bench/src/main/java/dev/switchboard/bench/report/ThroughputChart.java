// ThroughputChart: median tps against client count, one line per target, for one select-only protocol.
package dev.switchboard.bench.report;

import dev.switchboard.bench.runner.BenchResults;
import dev.switchboard.bench.runner.BenchResults.Scenario;
import java.awt.BasicStroke;
import java.awt.FontMetrics;
import java.awt.geom.Path2D;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.TreeMap;

/**
 * Lines with points on a log-scale client axis (1, 10, 100, 1000), y = median tps over rounds. Above each
 * Switchboard point: Switchboard / PgBouncer and Switchboard / direct, the ratios the targets are
 * stated in.
 */
final class ThroughputChart {

    private static final int POINT = 9;

    private ThroughputChart() {
    }

    /** Draws the scenarios (all one variant, different client counts) to {@code file}. */
    static void write(Path file, String variant, List<String> targets, List<Scenario> scenarios, int rounds)
            throws IOException {
        TreeMap<Integer, Scenario> byClients = new TreeMap<>();
        scenarios.forEach(s -> byClients.put(s.clients(), s));
        double max = 0;
        for (Scenario s : scenarios) {
            for (String t : targets) {
                double v = s.median(t, BenchResults.Run::tps);
                max = Double.isFinite(v) ? Math.max(max, v) : max;
            }
        }
        ChartCanvas c = new ChartCanvas("Select-only throughput, " + variant + " protocol",
                "pgbench -S, transaction mode, median of " + rounds + " round" + (rounds == 1 ? "" : "s")
                        + "; labels: Switchboard's ratio to PgBouncer and to direct", max);
        c.drawYAxis("transactions per second", "clients (log scale)");
        double lo = Math.log10(byClients.firstKey());
        double hi = Math.log10(byClients.lastKey());
        int pad = 60;
        java.util.function.IntToDoubleFunction x = n -> hi == lo ? (c.plotLeft() + c.plotRight()) / 2.0
                : c.plotLeft() + pad + (c.plotRight() - c.plotLeft() - 2 * pad) * (Math.log10(n) - lo) / (hi - lo);
        drawXTicks(c, byClients.keySet(), x);
        for (String t : targets) {
            drawSeries(c, t, byClients, x);
        }
        c.g.setFont(ChartCanvas.SMALL);
        for (Scenario s : byClients.values()) {
            double sb = s.median(BenchResults.SWITCHBOARD, BenchResults.Run::tps);
            if (!Double.isFinite(sb)) {
                continue;
            }
            double top = sb;
            for (String t : targets) {
                double v = s.median(t, BenchResults.Run::tps);
                top = Double.isFinite(v) ? Math.max(top, v) : top;
            }
            double px = x.applyAsDouble(s.clients());
            double base = Math.max(c.plotTop() + 28, c.y(top) - 14);
            for (String other : List.of(BenchResults.DIRECT, BenchResults.PGBOUNCER)) {
                if (targets.contains(other)) {
                    c.label("SB/" + (other.equals(BenchResults.PGBOUNCER) ? "PgB " : "direct ")
                                    + Format.ratio(sb, s.median(other, BenchResults.Run::tps)),
                            px, base, ChartCanvas.color(BenchResults.SWITCHBOARD));
                    base -= 15;
                }
            }
        }
        c.drawLegend(targets);
        c.writePng(file);
    }

    private static void drawXTicks(ChartCanvas c, Iterable<Integer> clients,
                                   java.util.function.IntToDoubleFunction x) {
        c.g.setFont(ChartCanvas.LABEL);
        FontMetrics fm = c.g.getFontMetrics();
        for (int n : clients) {
            int px = (int) Math.round(x.applyAsDouble(n));
            c.g.setColor(ChartCanvas.GRID);
            c.g.setStroke(new BasicStroke(1f));
            c.g.drawLine(px, c.plotTop(), px, c.plotBottom());
            c.g.setColor(ChartCanvas.AXIS);
            c.g.drawLine(px, c.plotBottom(), px, c.plotBottom() + 6);
            c.g.setColor(ChartCanvas.TEXT);
            String label = Integer.toString(n);
            c.g.drawString(label, px - fm.stringWidth(label) / 2, c.plotBottom() + 24);
        }
    }

    private static void drawSeries(ChartCanvas c, String target, TreeMap<Integer, Scenario> byClients,
                                   java.util.function.IntToDoubleFunction x) {
        c.g.setColor(ChartCanvas.color(target));
        c.g.setStroke(new BasicStroke(2.5f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
        Path2D line = new Path2D.Double();
        boolean started = false;
        for (Scenario s : byClients.values()) {
            double v = s.median(target, BenchResults.Run::tps);
            if (!Double.isFinite(v)) {
                continue;   // a gap: this target was not measured at this client count
            }
            double px = x.applyAsDouble(s.clients());
            if (started) {
                line.lineTo(px, c.y(v));
            } else {
                line.moveTo(px, c.y(v));
                started = true;
            }
        }
        c.g.draw(line);
        for (Scenario s : byClients.values()) {
            double v = s.median(target, BenchResults.Run::tps);
            if (Double.isFinite(v)) {
                int px = (int) Math.round(x.applyAsDouble(s.clients()));
                int py = (int) Math.round(c.y(v));
                c.g.fillOval(px - POINT / 2, py - POINT / 2, POINT, POINT);
            }
        }
    }
}
