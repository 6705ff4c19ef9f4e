package dev.ergon.bench.harness;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * One measured pass of one row in one child JVM.
 *
 * @param transactions transactions completed in the measured pass
 * @param nanos wall time of the measured pass
 * @param allocatedBytes heap allocated by every thread during the pass
 * @param p50Micros median latency in microseconds, or NaN where latency does not apply
 * @param p99Micros 99th percentile latency in microseconds, or NaN
 * @param extra the scenario's extra value (see {@link Scenario#extraHeader()}), or NaN
 */
public record Measurement(
    long transactions,
    long nanos,
    long allocatedBytes,
    double p50Micros,
    double p99Micros,
    double extra) {

  /** The prefix of the line a child prints on its standard output. */
  public static final String PREFIX = "ERGON-BENCH-RESULT";

  /** Checks the counts. */
  public Measurement {
    if (transactions < 1 || nanos < 1) {
      throw new IllegalArgumentException(
          "transactions and nanos must be >= 1 but were " + transactions + ", " + nanos);
    }
  }

  /**
   * Transactions per second.
   *
   * @return the throughput
   */
  public double perSecond() {
    return transactions * 1e9 / nanos;
  }

  /**
   * Heap allocated per transaction.
   *
   * @return bytes per transaction
   */
  public double bytesPerTransaction() {
    return (double) allocatedBytes / transactions;
  }

  /**
   * The line a child prints: the prefix, then {@code key=value} fields separated by spaces.
   *
   * @return the line
   */
  public String toLine() {
    return String.format(
        Locale.ROOT,
        "%s tx=%d nanos=%d alloc=%d p50=%s p99=%s extra=%s",
        PREFIX,
        transactions,
        nanos,
        allocatedBytes,
        p50Micros,
        p99Micros,
        extra);
  }

  /**
   * Reads a line written by {@link #toLine()}.
   *
   * @param line the line
   * @return the measurement
   * @throws IllegalArgumentException when the line is not a result line, naming the line
   */
  public static Measurement parse(String line) {
    if (!line.startsWith(PREFIX + " ")) {
      throw new IllegalArgumentException("not a result line: " + line);
    }
    Map<String, String> f = new LinkedHashMap<>();
    for (String part : line.substring(PREFIX.length() + 1).trim().split(" +")) {
      int eq = part.indexOf('=');
      if (eq < 1) {
        throw new IllegalArgumentException("bad field '" + part + "' in result line: " + line);
      }
      f.put(part.substring(0, eq), part.substring(eq + 1));
    }
    try {
      return new Measurement(
          Long.parseLong(f.get("tx")),
          Long.parseLong(f.get("nanos")),
          Long.parseLong(f.get("alloc")),
          Double.parseDouble(f.get("p50")),
          Double.parseDouble(f.get("p99")),
          Double.parseDouble(f.get("extra")));
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("bad result line: " + line, e);
    }
  }
}
