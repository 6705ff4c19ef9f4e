package dev.ergon.bench;

import dev.ergon.bench.harness.Latencies;
import dev.ergon.bench.harness.Measurement;
import dev.ergon.bench.harness.Pass;
import dev.ergon.bench.harness.RowRunner;
import dev.ergon.bench.harness.Scenario;
import dev.ergon.bench.scenario.Scenarios;
import java.lang.management.ManagementFactory;

/**
 * The child JVM of one run of one row: a warm-up pass, then the measured pass, then one result line
 * on standard output ({@link Measurement#toLine()}). Started by {@link Bench}; not meant to be run
 * by hand.
 *
 * <pre>{@code
 * java -cp … dev.ergon.bench.BenchChild s1 loop-8 2000000 500000
 * }</pre>
 */
public final class BenchChild {
  private static final com.sun.management.ThreadMXBean THREADS =
      (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

  private BenchChild() {}

  /**
   * Runs one row.
   *
   * @param args scenario id, row key, measured transactions, warm-up transactions
   * @throws Exception when the row fails; the exit code is then non-zero
   */
  public static void main(String[] args) throws Exception {
    try {
      run(args);
    } catch (Throwable e) {
      // exit even when a peer's non-daemon threads (a broker's) would keep the JVM alive
      e.printStackTrace(System.err);
      System.err.flush();
      System.exit(1);
    }
    System.exit(0); // peers' non-daemon threads must not keep the child alive
  }

  private static void run(String[] args) throws Exception {
    System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
    if (args.length != 4) {
      throw new IllegalArgumentException(
          "usage: BenchChild <scenario> <row> <transactions> <warmup>");
    }
    Scenario scenario = Scenarios.byId(args[0]);
    RowRunner runner = scenario.runner(args[1]);
    int transactions = Integer.parseInt(args[2]);
    int warmup = Integer.parseInt(args[3]);
    if (warmup > 0) {
      measure(runner, warmup, false);
    }
    System.gc();
    Measurement m = measure(runner, transactions, true);
    scenario.release();
    System.out.println(m.toLine());
    System.out.flush();
  }

  /** Runs one pass; the extra value (a probe after the pass) only when {@code measured}. */
  static Measurement measure(RowRunner runner, int transactions, boolean measured)
      throws Exception {
    try (Pass pass = runner.prepare(transactions)) {
      long alloc0 = THREADS.getTotalThreadAllocatedBytes();
      long t0 = System.nanoTime();
      pass.run();
      long nanos = System.nanoTime() - t0;
      long allocated = THREADS.getTotalThreadAllocatedBytes() - alloc0;
      Latencies lat = pass.latencies();
      double p50 = lat == null ? Double.NaN : lat.percentileMicros(50);
      double p99 = lat == null ? Double.NaN : lat.percentileMicros(99);
      double extra = measured ? pass.extra() : Double.NaN;
      return new Measurement(transactions, nanos, allocated, p50, p99, extra);
    }
  }
}
