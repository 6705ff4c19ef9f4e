package dev.ergon.bench.harness;

import org.jspecify.annotations.Nullable;

/** One prepared pass of a row; the child times {@link #run()} and measures its allocation. */
public interface Pass extends AutoCloseable {

  /**
   * Processes every transaction of the pass and returns when all are done.
   *
   * @throws Exception when the pass fails or does not complete every transaction
   */
  void run() throws Exception;

  /**
   * The latencies recorded during {@link #run()}, or null where latency does not apply.
   *
   * @return the latencies
   */
  default @Nullable Latencies latencies() {
    return null;
  }

  /**
   * The scenario's extra value for this pass, measured after {@link #run()}, or NaN.
   *
   * @return the value
   * @throws Exception when measuring fails
   */
  default double extra() throws Exception {
    return Double.NaN;
  }

  /**
   * Frees what the pass set up (queues, tables, connections).
   *
   * @throws Exception when cleaning up fails
   */
  @Override
  default void close() throws Exception {}
}
