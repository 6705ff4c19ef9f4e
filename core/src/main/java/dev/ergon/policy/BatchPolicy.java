package dev.ergon.policy;

import java.time.Duration;

/**
 * How much work one fetch asks for, and the pause after it (configuration key {@code loop.batch};
 * fields {@code size}, {@code interval}). A producer uses {@code size} as its chunk size.
 *
 * @param size transactions asked for per fetch; at least 1 (default 1)
 * @param interval sleep after each non-empty batch in batch mode; zero or more (default zero: no
 *     pause)
 */
public record BatchPolicy(int size, Duration interval) {

  /** Default {@code size}: one transaction per fetch. */
  public static final int DEFAULT_SIZE = 1;

  /** Default {@code interval}: no pause between batches. */
  public static final Duration DEFAULT_INTERVAL = Duration.ZERO;

  private static final BatchPolicy DEFAULTS = new BatchPolicy(DEFAULT_SIZE, DEFAULT_INTERVAL);

  /** Validates every field; the messages name the key ({@code batch.size}) and the value. */
  public BatchPolicy {
    Keys.atLeastOne("batch.size", size);
    Keys.nonNegative("batch.interval", interval);
  }

  /**
   * The default policy: one transaction per fetch, no pause.
   *
   * @return the defaults
   */
  public static BatchPolicy defaults() {
    return DEFAULTS;
  }

  /**
   * A copy with another {@code size}.
   *
   * @param newSize at least 1
   * @return the copy
   */
  public BatchPolicy withSize(int newSize) {
    return new BatchPolicy(newSize, interval);
  }

  /**
   * A copy with another {@code interval}.
   *
   * @param newInterval zero or more
   * @return the copy
   */
  public BatchPolicy withInterval(Duration newInterval) {
    return new BatchPolicy(size, newInterval);
  }
}
