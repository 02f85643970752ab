package io.edgeplane.bench.e2e;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;

/** Consumer lag over time as a PNG line chart, drawn with java.awt (headless, no extra dependency). */
final class LagChart {
    private static final Color[] COLORS = {new Color(0x1f77b4), new Color(0xff7f0e), new Color(0x2ca02c),
            new Color(0xd62728), new Color(0x9467bd), new Color(0x8c564b), new Color(0xe377c2), new Color(0x7f7f7f)};

    private LagChart() {
    }

    /** {@code series}: group -> lag samples, one per {@code seconds[i]}; {@code publishEnd}: a marker line. */
    static void write(Path png, String title, double[] seconds, Map<String, long[]> series, double publishEnd)
            throws IOException {
        System.setProperty("java.awt.headless", "true");
        int w = 1100;
        int h = 560;
        int left = 80;
        int right = 300;
        int top = 50;
        int bottom = 60;
        BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, w, h);
        double maxX = seconds.length == 0 ? 1 : Math.max(1, seconds[seconds.length - 1]);
        long maxY = 1;
        for (long[] values : series.values()) {
            for (long v : values) {
                maxY = Math.max(maxY, v);
            }
        }
        maxY = niceCeiling(maxY);
        int plotW = w - left - right;
        int plotH = h - top - bottom;
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
        g.setColor(Color.BLACK);
        g.drawString(title, left, 30);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        for (int i = 0; i <= 5; i++) {
            int y = top + plotH - i * plotH / 5;
            g.setColor(new Color(0xe0e0e0));
            g.drawLine(left, y, left + plotW, y);
            g.setColor(Color.DARK_GRAY);
            String label = String.valueOf(maxY * i / 5);
            g.drawString(label, left - 10 - g.getFontMetrics().stringWidth(label), y + 4);
        }
        int ticks = 10;
        for (int i = 0; i <= ticks; i++) {
            int x = left + i * plotW / ticks;
            g.setColor(Color.DARK_GRAY);
            String label = String.format("%.0f", maxX * i / ticks);
            g.drawString(label, x - g.getFontMetrics().stringWidth(label) / 2, top + plotH + 18);
        }
        g.drawString("seconds since the load started", left + plotW / 2 - 90, h - 15);
        g.rotate(-Math.PI / 2);
        g.drawString("consumer lag (records)", -(top + plotH / 2 + 60), 20);
        g.rotate(Math.PI / 2);
        g.setColor(Color.BLACK);
        g.drawRect(left, top, plotW, plotH);
        if (publishEnd > 0) {
            int x = left + (int) (publishEnd / maxX * plotW);
            g.setColor(Color.GRAY);
            g.setStroke(new BasicStroke(1f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {6f, 4f}, 0f));
            g.drawLine(x, top, x, top + plotH);
            g.drawString("publishing stops", x + 4, top + 14);
        }
        g.setStroke(new BasicStroke(2f));
        int c = 0;
        int legendY = top + 10;
        for (Map.Entry<String, long[]> s : series.entrySet()) {
            Color color = COLORS[c++ % COLORS.length];
            g.setColor(color);
            long[] values = s.getValue();
            for (int i = 1; i < values.length && i < seconds.length; i++) {
                int x1 = left + (int) (seconds[i - 1] / maxX * plotW);
                int x2 = left + (int) (seconds[i] / maxX * plotW);
                int y1 = top + plotH - (int) ((double) values[i - 1] / maxY * plotH);
                int y2 = top + plotH - (int) ((double) values[i] / maxY * plotH);
                g.drawLine(x1, y1, x2, y2);
            }
            g.fillRect(left + plotW + 15, legendY - 9, 14, 10);
            g.setColor(Color.BLACK);
            g.drawString(s.getKey(), left + plotW + 35, legendY);
            legendY += 20;
        }
        g.dispose();
        ImageIO.write(image, "png", png.toFile());
    }

    private static long niceCeiling(long v) {
        long magnitude = 1;
        while (magnitude * 10 <= v) {
            magnitude *= 10;
        }
        for (long step : List.of(1L, 2L, 5L, 10L)) {
            if (step * magnitude >= v) {
                return step * magnitude;
            }
        }
        return 10 * magnitude;
    }
}
