package dev.ergon.policy;

import org.jspecify.annotations.Nullable;

/**
 * How a consumer loop fetches work (configuration key {@code loop.mode}).
 *
 * <ul>
 *   <li>{@link #BATCH} (default): fetch {@code loop.batch.size} transactions, process that batch
 *       with up to {@code loop.concurrency.value} at once, then fetch again.
 *   <li>{@link #CONTINUOUS}: keep {@code loop.concurrency.value} transactions in flight and fetch
 *       replacements as soon as slots free.
 * </ul>
 */
public enum LoopMode {
  /** Fetch a batch, process it, fetch the next. */
  BATCH,
  /** Keep every concurrency slot busy, refilling as slots free. */
  CONTINUOUS;

  /**
   * Reads a configuration value: trimmed and case-insensitive; {@code null}, blank, {@code "none"}
   * and {@code "null"} mean {@link #BATCH}.
   *
   * @param value the configured text, or {@code null}
   * @return the mode
   * @throws dev.ergon.ConfigurationException naming {@code loop.mode} and the value when it is
   *     neither {@code batch} nor {@code continuous}
   */
  public static LoopMode parse(@Nullable String value) {
    return Keys.parse(LoopMode.class, value, BATCH, "loop.mode");
  }
}
