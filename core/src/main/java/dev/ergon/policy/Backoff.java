package dev.ergon.policy;

import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * The exponential backoff formula shared by retries and empty-queue polling: the delay before retry
 * {@code n} (0 for the first retry) is {@code initial × multiplier^n}, capped at {@code cap} when a
 * cap is set. It never overflows: very large {@code n} saturate at the cap, or at {@link
 * #MAX_DELAY} when there is none.
 */
public final class Backoff {

  /** The longest delay the formula returns when uncapped: 365 days. */
  public static final Duration MAX_DELAY = Duration.ofDays(365);

  private Backoff() {}

  /**
   * The delay before retry {@code n}.
   *
   * @param initial the first delay; zero means no delay at all
   * @param multiplier the growth factor, at least 0 (below 1 the delay decays)
   * @param cap the largest delay, or {@code null} for none
   * @param n the retry index, from 0
   * @return the delay, between zero and the cap (or {@link #MAX_DELAY})
   */
  public static Duration delay(Duration initial, double multiplier, @Nullable Duration cap, int n) {
    if (n < 0) {
      throw new IllegalArgumentException("retry index must be >= 0 but was " + n);
    }
    if (initial.isZero() || initial.isNegative()) {
      return Duration.ZERO;
    }
    Duration limit = cap == null ? MAX_DELAY : cap;
    double seconds = seconds(initial) * Math.pow(multiplier, n);
    if (Double.isNaN(seconds) || seconds >= seconds(limit)) {
      return limit;
    }
    return Duration.ofNanos(Math.round(seconds * 1e9));
  }

  static double seconds(Duration d) {
    return d.getSeconds() + d.getNano() / 1e9;
  }
}
