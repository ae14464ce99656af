// ChartCanvas: the shared frame of every bench chart (image, title, plot area, axes, grid, legend, colours).
package dev.switchboard.bench.report;

import dev.switchboard.bench.runner.BenchResults;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;

/**
 * A white canvas of {@link Charts#WIDTH} × {@link Charts#HEIGHT} with a plot rectangle, a linear y axis from
 * zero, grid lines, a title and a legend. Chart classes draw their data inside {@link #plotLeft()} ..
 * {@link #plotRight()} and map values with {@link #y(double)}.
 */
final class ChartCanvas {

    static final Color TEXT = new Color(0x22, 0x22, 0x22);
    static final Color GRID = new Color(0xE3, 0xE3, 0xE3);
    static final Color AXIS = new Color(0x66, 0x66, 0x66);
    static final Font TITLE = new Font(Font.SANS_SERIF, Font.BOLD, 20);
    static final Font LABEL = new Font(Font.SANS_SERIF, Font.PLAIN, 14);
    static final Font SMALL = new Font(Font.SANS_SERIF, Font.PLAIN, 12);

    private static final int LEFT = 90;
    private static final int RIGHT = 40;
    private static final int TOP = 90;
    private static final int BOTTOM = 80;

    final BufferedImage image = new BufferedImage(Charts.WIDTH, Charts.HEIGHT, BufferedImage.TYPE_INT_RGB);
    final Graphics2D g = image.createGraphics();
    private final double yMax;

    /** A canvas whose y axis runs from 0 to a round number at or above {@code maxValue}. */
    ChartCanvas(String title, String subtitle, double maxValue) {
        yMax = niceCeiling(maxValue > 0 && Double.isFinite(maxValue) ? maxValue * 1.12 : 1);
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, Charts.WIDTH, Charts.HEIGHT);
        g.setColor(TEXT);
        g.setFont(TITLE);
        g.drawString(title, LEFT, 34);
        g.setFont(LABEL);
        g.setColor(AXIS);
        g.drawString(subtitle, LEFT, 56);
    }

    int plotLeft() {
        return LEFT;
    }

    int plotRight() {
        return Charts.WIDTH - RIGHT;
    }

    int plotTop() {
        return TOP;
    }

    int plotBottom() {
        return Charts.HEIGHT - BOTTOM;
    }

    /** The pixel row of {@code value} on the y axis. */
    double y(double value) {
        return plotBottom() - (plotBottom() - plotTop()) * (value / yMax);
    }

    /** Horizontal grid lines with labels, the axis lines, and both axis titles. */
    void drawYAxis(String yTitle, String xTitle) {
        double step = yMax / 5;
        g.setFont(SMALL);
        FontMetrics fm = g.getFontMetrics();
        for (int i = 0; i <= 5; i++) {
            double v = step * i;
            int py = (int) Math.round(y(v));
            g.setColor(GRID);
            g.setStroke(new BasicStroke(1f));
            g.drawLine(plotLeft(), py, plotRight(), py);
            g.setColor(TEXT);
            String label = Format.compact(v);
            g.drawString(label, plotLeft() - 10 - fm.stringWidth(label), py + fm.getAscent() / 2 - 1);
        }
        g.setColor(AXIS);
        g.setStroke(new BasicStroke(1.5f));
        g.drawLine(plotLeft(), plotTop(), plotLeft(), plotBottom());
        g.drawLine(plotLeft(), plotBottom(), plotRight(), plotBottom());
        g.setFont(LABEL);
        g.setColor(TEXT);
        FontMetrics lm = g.getFontMetrics();
        g.drawString(xTitle, (plotLeft() + plotRight() - lm.stringWidth(xTitle)) / 2, Charts.HEIGHT - 22);
        AffineTransform saved = g.getTransform();
        g.rotate(-Math.PI / 2);
        g.drawString(yTitle, -(plotTop() + plotBottom() + lm.stringWidth(yTitle)) / 2, 24);
        g.setTransform(saved);
    }

    /** One legend entry per target, right-aligned in the header band. */
    void drawLegend(List<String> targets) {
        g.setFont(LABEL);
        FontMetrics fm = g.getFontMetrics();
        int x = plotRight();
        for (int i = targets.size() - 1; i >= 0; i--) {
            String name = targets.get(i);
            x -= fm.stringWidth(name) + 26;
            g.setColor(color(name));
            g.fillRoundRect(x, 66, 16, 12, 4, 4);
            g.setColor(TEXT);
            g.drawString(name, x + 21, 77);
            x -= 14;
        }
    }

    /** Text centred on {@code cx} with a light box behind it, so it stays readable over lines. */
    void label(String text, double cx, double baseline, Color color) {
        FontMetrics fm = g.getFontMetrics();
        int w = fm.stringWidth(text);
        int x = (int) Math.round(cx - w / 2.0);
        int yb = (int) Math.round(baseline);
        g.setColor(new Color(255, 255, 255, 220));
        g.fillRect(x - 3, yb - fm.getAscent(), w + 6, fm.getAscent() + fm.getDescent());
        g.setColor(color);
        g.drawString(text, x, yb);
    }

    /** Fixed colours per target, so every chart reads the same way. */
    static Color color(String target) {
        return switch (target) {
            case BenchResults.SWITCHBOARD -> new Color(0x1F, 0x6F, 0xD1);
            case BenchResults.PGBOUNCER -> new Color(0xE8, 0x7B, 0x1E);
            case BenchResults.DIRECT -> new Color(0x7A, 0x7A, 0x7A);
            default -> new Color(0x3A, 0xA0, 0x5A);
        };
    }

    /** Writes the image as PNG and frees the graphics context. */
    void writePng(Path file) throws IOException {
        g.dispose();
        Files.createDirectories(file.toAbsolutePath().getParent());
        if (!ImageIO.write(image, "png", file.toFile())) {
            throw new IOException("no PNG writer in this JDK for " + file);
        }
    }

    /** A round number at or above {@code v} whose fifths are round too (1, 1.5, 2, ... 8 times 10^n). */
    static double niceCeiling(double v) {
        double p = Math.pow(10, Math.floor(Math.log10(v)));
        for (double m : new double[] {1, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10}) {
            if (m * p >= v) {
                return m * p;
            }
        }
        return 10 * p;
    }
}
