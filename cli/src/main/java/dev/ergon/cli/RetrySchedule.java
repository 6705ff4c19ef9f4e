package dev.ergon.cli;

import dev.ergon.policy.Backoff;
import dev.ergon.policy.RetryPolicy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The concrete schedule of a retry envelope: each attempt's timeout and the longest delay before
 * it, and the worst-case time of the whole envelope.
 */
final class RetrySchedule {
  private RetrySchedule() {}

  /**
   * One attempt.
   *
   * @param number from 1
   * @param timeout its bound, or {@code null} for none
   * @param delayBefore the longest wait before it (jitter included); zero for the first
   */
  record Attempt(int number, @Nullable Duration timeout, Duration delayBefore) {}

  static List<Attempt> of(RetryPolicy retry) {
    List<Attempt> attempts = new ArrayList<>();
    for (int n = 1; n <= retry.maxAttempts(); n++) {
      Duration delay = n == 1 ? Duration.ZERO : maxDelay(retry, n - 2);
      attempts.add(new Attempt(n, retry.timeout(), delay));
    }
    return attempts;
  }

  /** The delay before retry {@code index} at its largest: jitter adds up to that fraction. */
  static Duration maxDelay(RetryPolicy retry, int index) {
    Duration d = retry.delayBeforeRetry(index);
    if (retry.jitter() == 0 || d.isZero()) {
      return d;
    }
    Duration cap = retry.backoffCap() == null ? Backoff.MAX_DELAY : retry.backoffCap();
    Duration jittered = Duration.ofNanos(Math.round(d.toNanos() * (1 + retry.jitter())));
    return jittered.compareTo(cap) > 0 ? cap : jittered;
  }

  /**
   * The sum of every attempt's timeout and every delay.
   *
   * @return the worst case, or empty (unbounded) when the attempts have no timeout
   */
  static Optional<Duration> worstCase(RetryPolicy retry) {
    if (retry.timeout() == null) {
      return Optional.empty();
    }
    Duration total = Duration.ZERO;
    for (Attempt a : of(retry)) {
      total = total.plus(a.timeout()).plus(a.delayBefore());
    }
    return Optional.of(total);
  }
}
