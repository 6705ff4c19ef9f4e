package dev.ergon.bench.harness;

import org.jspecify.annotations.Nullable;

/**
 * What a scenario's table shows besides its rows.
 *
 * @param title the title
 * @param settings the line of settings under the title
 * @param latency whether the p50/p99 columns have values
 * @param extraHeader the extra column's header, or null for none
 * @param perTransactionMicros whether a column shows wall-clock µs per transaction (1e6 / tx/s)
 * @param limitRow the key of the row ratios are taken against
 * @param runs the number of run columns
 */
public record TableSpec(
    String title,
    String settings,
    boolean latency,
    @Nullable String extraHeader,
    boolean perTransactionMicros,
    String limitRow,
    int runs) {

  /**
   * The table of a scenario.
   *
   * @param s the scenario
   * @param transactions transactions per measured pass
   * @param runs runs per row
   * @return the spec
   */
  public static TableSpec of(Scenario s, int transactions, int runs) {
    return new TableSpec(
        s.title(),
        s.settings(transactions),
        s.hasLatency(),
        s.extraHeader(),
        s.perTransactionMicros(),
        s.limitRow(),
        runs);
  }
}
