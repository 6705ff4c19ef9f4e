package dev.ergon.bench.harness;

import java.util.Arrays;

/**
 * Per-transaction latencies of one pass, recorded by transaction index without locks. Thread-safe
 * as long as each index is written by one thread and read after the pass.
 */
public final class Latencies {
  private final long[] nanos;

  /**
   * Room for {@code transactions} latencies.
   *
   * @param transactions the pass's transaction count
   */
  public Latencies(int transactions) {
    this.nanos = new long[transactions];
  }

  /**
   * Records transaction {@code index}'s latency.
   *
   * @param index the transaction's index, from 0
   * @param latencyNanos its latency
   */
  public void record(int index, long latencyNanos) {
    nanos[index] = latencyNanos;
  }

  /**
   * A percentile in microseconds over every recorded latency.
   *
   * @param percent 0 to 100
   * @return the latency at that percentile
   */
  public double percentileMicros(double percent) {
    long[] sorted = nanos.clone();
    Arrays.sort(sorted);
    int i = (int) Math.ceil(percent / 100 * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, i))] / 1_000.0;
  }
}
