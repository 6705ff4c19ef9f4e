package dev.ergon.bench.harness;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.ToDoubleFunction;

/** Writes a scenario's results as a Markdown table and as CSV. */
public final class ResultTable {
  private static final String NONE = "–";

  private ResultTable() {}

  /**
   * The Markdown table: title, settings, one line per row.
   *
   * @param spec the table's spec
   * @param rows the results, in table order
   * @return the text, ending with a newline
   */
  public static String markdown(TableSpec spec, List<RowResult> rows) {
    double limit = limit(spec, rows);
    List<String> head = new ArrayList<>(List.of("system / row", "best tx/s"));
    for (int i = 1; i <= spec.runs(); i++) {
      head.add("run " + i);
    }
    head.addAll(List.of("p50 µs", "p99 µs", "heap B/tx"));
    if (spec.perTransactionMicros()) {
      head.add("µs/tx");
    }
    if (spec.extraHeader() != null) {
      head.add(spec.extraHeader());
    }
    head.add("vs limit");
    StringBuilder b = new StringBuilder();
    b.append("### ").append(spec.title()).append("\n\n").append(spec.settings()).append("\n\n");
    b.append("| ").append(String.join(" | ", head)).append(" |\n|---");
    b.append("|---:".repeat(head.size() - 1)).append("|\n");
    for (RowResult r : rows) {
      List<String> cells = new ArrayList<>(List.of(r.row().label(), tps(r.bestPerSecond())));
      for (int i = 0; i < spec.runs(); i++) {
        cells.add(i < r.runs().size() ? tps(r.runs().get(i).perSecond()) : NONE);
      }
      cells.add(spec.latency() ? num(best(r, Measurement::p50Micros)) : NONE);
      cells.add(spec.latency() ? num(best(r, Measurement::p99Micros)) : NONE);
      cells.add(num(best(r, Measurement::bytesPerTransaction)));
      if (spec.perTransactionMicros()) {
        cells.add(num(1e6 / r.bestPerSecond()));
      }
      if (spec.extraHeader() != null) {
        cells.add(num(best(r, Measurement::extra)));
      }
      cells.add(String.format(Locale.ROOT, "%.2f×", r.bestPerSecond() / limit));
      b.append("| ").append(String.join(" | ", cells)).append(" |\n");
    }
    return b.toString();
  }

  /**
   * The CSV: a header line, then one line per row; empty cells where a value does not apply.
   *
   * @param spec the table's spec
   * @param rows the results, in table order
   * @return the text, ending with a newline
   */
  public static String csv(TableSpec spec, List<RowResult> rows) {
    double limit = limit(spec, rows);
    StringBuilder b = new StringBuilder("row,system,best_tx_per_s");
    for (int i = 1; i <= spec.runs(); i++) {
      b.append(",run").append(i).append("_tx_per_s");
    }
    b.append(",p50_us,p99_us,heap_bytes_per_tx,");
    b.append(spec.perTransactionMicros() ? "us_per_tx," : "");
    b.append(spec.extraHeader() == null ? "extra" : quote(spec.extraHeader()));
    b.append(",ratio_to_limit\n");
    for (RowResult r : rows) {
      b.append(r.row().key()).append(',').append(quote(r.row().label()));
      b.append(',').append(plain(r.bestPerSecond()));
      for (int i = 0; i < spec.runs(); i++) {
        b.append(',').append(i < r.runs().size() ? plain(r.runs().get(i).perSecond()) : "");
      }
      b.append(',').append(spec.latency() ? plain(best(r, Measurement::p50Micros)) : "");
      b.append(',').append(spec.latency() ? plain(best(r, Measurement::p99Micros)) : "");
      b.append(',').append(plain(best(r, Measurement::bytesPerTransaction)));
      if (spec.perTransactionMicros()) {
        b.append(',').append(String.format(Locale.ROOT, "%.3f", 1e6 / r.bestPerSecond()));
      }
      b.append(',').append(plain(best(r, Measurement::extra)));
      b.append(',').append(String.format(Locale.ROOT, "%.3f", r.bestPerSecond() / limit));
      b.append('\n');
    }
    return b.toString();
  }

  static double limit(TableSpec spec, List<RowResult> rows) {
    return rows.stream()
        .filter(r -> r.row().key().equals(spec.limitRow()))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no limit row '" + spec.limitRow() + "'"))
        .bestPerSecond();
  }

  private static double best(RowResult r, ToDoubleFunction<Measurement> value) {
    Optional<Measurement> best = r.best();
    return best.isPresent() ? value.applyAsDouble(best.get()) : Double.NaN;
  }

  static String tps(double v) {
    return String.format(Locale.ROOT, "%,.0f", v);
  }

  static String num(double v) {
    if (Double.isNaN(v)) {
      return NONE;
    }
    double a = Math.abs(v);
    return String.format(Locale.ROOT, a < 10 ? "%.2f" : a < 100 ? "%.1f" : "%,.0f", v);
  }

  private static String plain(double v) {
    return Double.isNaN(v) ? "" : String.format(Locale.ROOT, "%.1f", v);
  }

  private static String quote(String s) {
    return s.contains(",") || s.contains("\"") ? '"' + s.replace("\"", "\"\"") + '"' : s;
  }
}
