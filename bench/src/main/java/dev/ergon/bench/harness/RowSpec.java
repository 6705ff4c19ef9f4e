package dev.ergon.bench.harness;

import java.util.OptionalDouble;

/**
 * One row of a scenario's table.
 *
 * @param key the row's key, passed to the child JVM (lowercase letters, digits and dashes)
 * @param label what the table shows
 * @param computedPerSecond a throughput computed rather than run (the ideal row), or empty
 */
public record RowSpec(String key, String label, OptionalDouble computedPerSecond) {

  /** Checks the key. */
  public RowSpec {
    if (!key.matches("[a-z0-9-]+")) {
      throw new IllegalArgumentException("row key must be [a-z0-9-]+ but was '" + key + "'");
    }
  }

  /**
   * A row that runs in a child JVM.
   *
   * @param key the key
   * @param label the label
   * @return the row
   */
  public static RowSpec run(String key, String label) {
    return new RowSpec(key, label, OptionalDouble.empty());
  }

  /**
   * A row whose throughput is computed, not run.
   *
   * @param key the key
   * @param label the label
   * @param perSecond the computed throughput
   * @return the row
   */
  public static RowSpec computed(String key, String label, double perSecond) {
    return new RowSpec(key, label, OptionalDouble.of(perSecond));
  }
}
