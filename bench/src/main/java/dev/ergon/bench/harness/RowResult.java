package dev.ergon.bench.harness;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * A row's results: every run's measurement, or the computed throughput.
 *
 * @param row the row
 * @param runs the measured runs in order (empty for a computed row)
 */
public record RowResult(RowSpec row, List<Measurement> runs) {

  /** Copies the runs. */
  public RowResult {
    runs = List.copyOf(runs);
    if (runs.isEmpty() && row.computedPerSecond().isEmpty()) {
      throw new IllegalArgumentException("row '" + row.key() + "' has no runs");
    }
  }

  /**
   * The run with the highest throughput.
   *
   * @return the best run, empty for a computed row
   */
  public Optional<Measurement> best() {
    return runs.stream().max(Comparator.comparingDouble(Measurement::perSecond));
  }

  /**
   * The best throughput, or the computed one.
   *
   * @return transactions per second
   */
  public double bestPerSecond() {
    return best().map(Measurement::perSecond).orElseGet(() -> row.computedPerSecond().orElse(0));
  }
}
