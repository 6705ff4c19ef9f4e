package dev.ergon.bench.harness;

import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * One benchmark scenario: its rows, sizes, the row ratios are taken against, and how a child JVM
 * runs each row.
 */
public interface Scenario {

  /**
   * The scenario's id on the command line.
   *
   * @return {@code s1} … {@code s6}
   */
  String id();

  /**
   * The table's title.
   *
   * @return the title
   */
  String title();

  /**
   * A line under the title: the settings every row shares.
   *
   * @param transactions transactions per measured pass
   * @return the line
   */
  String settings(int transactions);

  /**
   * Transactions per measured pass.
   *
   * @param quick whether this is a tiny run
   * @return the count
   */
  int transactions(boolean quick);

  /**
   * Transactions of the warm-up pass each child runs first.
   *
   * @param quick whether this is a tiny run
   * @return the count
   */
  int warmup(boolean quick);

  /**
   * The rows, in table order.
   *
   * @return the rows
   */
  List<RowSpec> rows();

  /**
   * The key of the row every ratio is taken against.
   *
   * @return a key of {@link #rows()}
   */
  String limitRow();

  /**
   * Whether rows measure latency.
   *
   * @return true when p50/p99 apply
   */
  boolean hasLatency();

  /**
   * The header of the scenario's extra column, or null for none.
   *
   * @return the header
   */
  @Nullable String extraHeader();

  /**
   * Whether the table shows wall-clock microseconds per transaction.
   *
   * @return true for a µs/tx column
   */
  default boolean perTransactionMicros() {
    return false;
  }

  /**
   * Why the scenario cannot run here (a service is down), or empty when it can.
   *
   * @return the reason
   */
  Optional<String> unavailable();

  /**
   * Stops what the child JVM's passes shared (a broker started on first use), after the measured
   * pass and before the child exits; the default does nothing.
   */
  default void release() {}

  /**
   * How a child JVM runs one row.
   *
   * @param rowKey the row's key
   * @return the runner
   * @throws IllegalArgumentException for a key that is not one of the rows
   */
  RowRunner runner(String rowKey);
}
