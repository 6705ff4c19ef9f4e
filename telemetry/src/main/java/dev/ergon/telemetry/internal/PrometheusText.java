package dev.ergon.telemetry.internal;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.sdk.metrics.data.DoublePointData;
import io.opentelemetry.sdk.metrics.data.HistogramPointData;
import io.opentelemetry.sdk.metrics.data.LongPointData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.metrics.data.PointData;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.TreeMap;

/**
 * Renders OpenTelemetry metrics in the Prometheus text exposition format 0.0.4: names with dots
 * become underscores, monotonic sums become {@code _total} counters, the unit {@code s} becomes a
 * {@code _seconds} suffix, histograms become {@code _bucket}/{@code _sum}/{@code _count}, and
 * attributes become labels.
 */
public final class PrometheusText {
  private PrometheusText() {}

  /**
   * Renders metrics.
   *
   * @param metrics collected metrics
   * @return the exposition text
   */
  public static String render(Collection<MetricData> metrics) {
    StringBuilder out = new StringBuilder();
    for (MetricData m : metrics) {
      String base = name(m);
      switch (m.getType()) {
        case LONG_SUM, DOUBLE_SUM -> {
          boolean counter =
              m.getType() == io.opentelemetry.sdk.metrics.data.MetricDataType.LONG_SUM
                  ? m.getLongSumData().isMonotonic()
                  : m.getDoubleSumData().isMonotonic();
          String name = counter ? base + "_total" : base;
          header(out, name, m.getDescription(), counter ? "counter" : "gauge");
          points(out, name, m);
        }
        case LONG_GAUGE, DOUBLE_GAUGE -> {
          header(out, base, m.getDescription(), "gauge");
          points(out, base, m);
        }
        case HISTOGRAM -> {
          header(out, base, m.getDescription(), "histogram");
          for (HistogramPointData p : m.getHistogramData().getPoints()) {
            histogram(out, base, p);
          }
        }
        default -> {
          // exponential histograms and summaries are not produced by the engine
        }
      }
    }
    return out.toString();
  }

  private static String name(MetricData m) {
    String n = sanitize(m.getName());
    if ("s".equals(m.getUnit()) && !n.endsWith("_seconds")) {
      n += "_seconds";
    }
    return n;
  }

  private static String sanitize(String name) {
    String s = name.replaceAll("[^a-zA-Z0-9_:]", "_");
    return Character.isDigit(s.charAt(0)) ? "_" + s : s;
  }

  private static void header(StringBuilder out, String name, String help, String type) {
    if (!help.isEmpty()) {
      out.append("# HELP ").append(name).append(' ').append(help.replace("\n", " ")).append('\n');
    }
    out.append("# TYPE ").append(name).append(' ').append(type).append('\n');
  }

  private static void points(StringBuilder out, String name, MetricData m) {
    for (PointData p : m.getData().getPoints()) {
      String value =
          switch (p) {
            case LongPointData l -> Long.toString(l.getValue());
            case DoublePointData d -> number(d.getValue());
            default -> null;
          };
      if (value != null) {
        out.append(name).append(labels(p.getAttributes(), null)).append(' ').append(value);
        out.append('\n');
      }
    }
  }

  private static void histogram(StringBuilder out, String name, HistogramPointData p) {
    List<Double> bounds = p.getBoundaries();
    List<Long> counts = p.getCounts();
    long cumulative = 0;
    for (int i = 0; i < counts.size(); i++) {
      cumulative += counts.get(i);
      String le = i < bounds.size() ? number(bounds.get(i)) : "+Inf";
      out.append(name)
          .append("_bucket")
          .append(labels(p.getAttributes(), le))
          .append(' ')
          .append(cumulative)
          .append('\n');
    }
    String labels = labels(p.getAttributes(), null);
    out.append(name).append("_sum").append(labels).append(' ').append(number(p.getSum()));
    out.append('\n');
    out.append(name).append("_count").append(labels).append(' ').append(p.getCount());
    out.append('\n');
  }

  private static String labels(
      Attributes attributes, @org.jspecify.annotations.Nullable String le) {
    TreeMap<String, String> labels = new TreeMap<>();
    attributes.forEach((k, v) -> labels.put(sanitize(k.getKey()), String.valueOf(v)));
    if (le != null) {
      labels.put("le", le);
    }
    if (labels.isEmpty()) {
      return "";
    }
    StringBuilder b = new StringBuilder("{");
    labels.forEach(
        (k, v) -> {
          if (b.length() > 1) {
            b.append(',');
          }
          b.append(k).append("=\"").append(escape(v)).append('"');
        });
    return b.append('}').toString();
  }

  private static String escape(String v) {
    return v.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
  }

  private static String number(double d) {
    if (Double.isInfinite(d)) {
      return d > 0 ? "+Inf" : "-Inf";
    }
    return d == Math.rint(d) && Math.abs(d) < 1e15
        ? String.format(Locale.ROOT, "%.1f", d)
        : Double.toString(d);
  }
}
