package dev.ergon.retry;

import java.time.Duration;
import org.jspecify.annotations.Nullable;

/** Randomises a backoff delay within {@code [d × (1 − jitter), d × (1 + jitter)]}, still capped. */
final class Jitter {
  private Jitter() {}

  /**
   * The jittered delay.
   *
   * @param delay the delay from the backoff formula
   * @param jitter the fraction randomised, from 0 to 1
   * @param uniform a uniform pick in {@code [0, 1)}; values outside are clamped
   * @param cap the largest delay, or {@code null} for none
   * @return {@code delay × (1 − jitter + 2 × jitter × uniform)}, at most {@code cap}
   */
  static Duration apply(Duration delay, double jitter, double uniform, @Nullable Duration cap) {
    double u = Math.min(1.0, Math.max(0.0, uniform));
    double seconds = seconds(delay) * (1 - jitter + 2 * jitter * u);
    if (cap != null && seconds >= seconds(cap)) {
      return cap;
    }
    return Duration.ofNanos(Math.round(seconds * 1e9));
  }

  private static double seconds(Duration d) {
    return d.getSeconds() + d.getNano() / 1e9;
  }
}
