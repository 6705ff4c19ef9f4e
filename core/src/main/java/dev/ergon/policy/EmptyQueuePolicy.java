package dev.ergon.policy;

import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * How a streaming consumer waits after empty fetches (configuration key {@code loop.empty_queue};
 * fields {@code backoff}, {@code backoff_multiplier}, {@code backoff_cap}). The wait grows by the
 * {@link Backoff} formula with each consecutive empty poll and starts over when work arrives.
 *
 * @param backoff wait after the first empty poll; zero or more (default zero: poll again at once)
 * @param backoffMultiplier growth of the wait per further empty poll; at least 0 (default 1)
 * @param backoffCap the longest wait, or {@code null} for none (default none); when set, more than
 *     zero
 */
public record EmptyQueuePolicy(
    Duration backoff, double backoffMultiplier, @Nullable Duration backoffCap) {

  /** Default {@code backoff_multiplier}: a constant wait. */
  public static final double DEFAULT_BACKOFF_MULTIPLIER = 1.0;

  private static final EmptyQueuePolicy DEFAULTS =
      new EmptyQueuePolicy(Duration.ZERO, DEFAULT_BACKOFF_MULTIPLIER, null);

  /** Validates every field; the messages name the key ({@code empty_queue.backoff}) and value. */
  public EmptyQueuePolicy {
    Keys.nonNegative("empty_queue.backoff", backoff);
    Keys.multiplier("empty_queue.backoff_multiplier", backoffMultiplier);
    Keys.positiveOrAbsent("empty_queue.backoff_cap", backoffCap, "none");
  }

  /**
   * The default policy: no wait between polls.
   *
   * @return the defaults
   */
  public static EmptyQueuePolicy defaults() {
    return DEFAULTS;
  }

  /**
   * The wait before the next poll, given how many polls in a row came back empty before the one
   * that just did. See {@link Backoff}.
   *
   * @param n consecutive empty polls before the latest one, from 0
   * @return the wait
   */
  public Duration delayAfterEmptyFetches(int n) {
    return Backoff.delay(backoff, backoffMultiplier, backoffCap, n);
  }
}
