package dev.ergon.bench.harness;

import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;

/** Draws horizontal bar charts as PNG with {@code java.awt}, headless. */
public final class Charts {
  private static final int WIDTH = 1000;
  private static final int BAR = 22;
  private static final int GAP = 10;
  private static final int TOP = 50;
  private static final Color[] SERIES = {new Color(0x2f6db5), new Color(0xd9822b)};

  /**
   * One bar group: a label and one value per series (NaN for none).
   *
   * @param label the row's label
   * @param values one value per series
   */
  public record Bar(String label, double[] values) {}

  private Charts() {}

  /**
   * Writes the throughput chart of a scenario: one bar per row, best tx/s.
   *
   * @param file the PNG file
   * @param title the chart's title
   * @param rows the results
   * @throws IOException when the file cannot be written
   */
  public static void throughput(Path file, String title, List<RowResult> rows) throws IOException {
    List<Bar> bars = new ArrayList<>();
    for (RowResult r : rows) {
      bars.add(new Bar(r.row().label(), new double[] {r.bestPerSecond()}));
    }
    draw(file, title + ": throughput (best run, tx/s)", List.of("tx/s"), bars, "%,.0f");
  }

  /**
   * Writes the latency chart of a scenario: p50 and p99 per measured row.
   *
   * @param file the PNG file
   * @param title the chart's title
   * @param rows the results
   * @throws IOException when the file cannot be written
   */
  public static void latency(Path file, String title, List<RowResult> rows) throws IOException {
    List<Bar> bars = new ArrayList<>();
    for (RowResult r : rows) {
      r.best()
          .ifPresent(
              m ->
                  bars.add(
                      new Bar(
                          r.row().label(),
                          new double[] {m.p50Micros() / 1000, m.p99Micros() / 1000})));
    }
    draw(file, title + ": latency (best run, ms)", List.of("p50", "p99"), bars, "%,.2f");
  }

  static void draw(Path file, String title, List<String> series, List<Bar> bars, String fmt)
      throws IOException {
    System.setProperty("java.awt.headless", "true");
    int group = series.size() * BAR + GAP;
    int height = TOP + bars.size() * group + 40;
    BufferedImage img = new BufferedImage(WIDTH, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    try {
      g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
      g.setRenderingHint(
          RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
      g.setColor(Color.WHITE);
      g.fillRect(0, 0, WIDTH, height);
      g.setColor(Color.BLACK);
      g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
      g.drawString(title, 12, 28);
      g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
      int labelWidth = labelWidth(g.getFontMetrics(), bars);
      double max =
          bars.stream()
              .flatMapToDouble(b -> java.util.Arrays.stream(b.values()))
              .filter(v -> !Double.isNaN(v))
              .max()
              .orElse(1);
      int plot = WIDTH - labelWidth - 140;
      int y = TOP;
      for (Bar b : bars) {
        g.setColor(Color.BLACK);
        g.drawString(b.label(), 12, y + group / 2 + 2);
        for (int s = 0; s < b.values().length; s++) {
          drawBar(g, b.values()[s], max, plot, labelWidth + 20, y + s * BAR, SERIES[s], fmt);
        }
        y += group;
      }
      legend(g, series, y + 10);
    } finally {
      g.dispose();
    }
    ImageIO.write(img, "png", file.toFile());
  }

  private static void drawBar(
      Graphics2D g, double v, double max, int plot, int x, int y, Color c, String fmt) {
    if (Double.isNaN(v)) {
      return;
    }
    int w = (int) Math.max(1, Math.round(plot * v / max));
    g.setColor(c);
    g.fillRect(x, y + 2, w, BAR - 4);
    g.setColor(Color.BLACK);
    g.drawString(String.format(Locale.ROOT, fmt, v), x + w + 6, y + BAR - 6);
  }

  private static void legend(Graphics2D g, List<String> series, int y) {
    if (series.size() < 2) {
      return;
    }
    int x = 12;
    for (int s = 0; s < series.size(); s++) {
      g.setColor(SERIES[s]);
      g.fillRect(x, y, 14, 14);
      g.setColor(Color.BLACK);
      g.drawString(series.get(s), x + 20, y + 12);
      x += 80;
    }
  }

  private static int labelWidth(FontMetrics fm, List<Bar> bars) {
    int w = 100;
    for (Bar b : bars) {
      w = Math.max(w, fm.stringWidth(b.label()));
    }
    return Math.min(w, WIDTH / 2);
  }
}
