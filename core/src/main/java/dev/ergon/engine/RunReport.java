package dev.ergon.engine;

import java.time.Duration;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * What one consumer or producer loop did: counts by outcome, retries, batches and why it ended.
 *
 * @param policy the policy's name
 * @param endReason why the loop ended
 * @param fetched transactions taken from the source
 * @param succeeded outcomes {@link Outcome.Kind#SUCCEEDED}
 * @param failedHandled outcomes {@link Outcome.Kind#FAILED_HANDLED}
 * @param failedUnhandled outcomes {@link Outcome.Kind#FAILED_UNHANDLED}
 * @param timedOut outcomes {@link Outcome.Kind#TIMED_OUT}
 * @param redelivered outcomes {@link Outcome.Kind#REDELIVER}
 * @param released fetched transactions given back unstarted (on stop, or beyond what was asked)
 * @param retries retries across all transactions and phases
 * @param batches non-empty fetches
 * @param emptyPolls fetches that returned nothing
 * @param fetchFailures fetches that failed after {@code fetch.retry}
 * @param duration wall time of the loop
 * @param failure the error that ended the loop, for {@link EndReason#FETCH_FAILED}
 */
public record RunReport(
    String policy,
    EndReason endReason,
    long fetched,
    long succeeded,
    long failedHandled,
    long failedUnhandled,
    long timedOut,
    long redelivered,
    long released,
    long retries,
    long batches,
    long emptyPolls,
    long fetchFailures,
    Duration duration,
    @Nullable Throwable failure) {

  /**
   * Transactions whose lifecycle ended, whatever the outcome.
   *
   * @return the sum of all outcome counts
   */
  public long processed() {
    return succeeded + failedHandled + failedUnhandled + timedOut + redelivered;
  }

  /**
   * The error that ended the loop, if it ended on one.
   *
   * @return the failure, or empty
   */
  public Optional<Throwable> failureCause() {
    return Optional.ofNullable(failure);
  }

  /**
   * Processed transactions per second over the loop's duration.
   *
   * @return the throughput; 0 for an empty or instantaneous run
   */
  public double throughputPerSecond() {
    double seconds = duration.toNanos() / 1e9;
    return seconds <= 0 ? 0 : processed() / seconds;
  }

  /**
   * The count of one kind of outcome.
   *
   * @param kind the kind
   * @return how many transactions ended that way
   */
  public long count(Outcome.Kind kind) {
    return switch (kind) {
      case SUCCEEDED -> succeeded;
      case FAILED_HANDLED -> failedHandled;
      case FAILED_UNHANDLED -> failedUnhandled;
      case TIMED_OUT -> timedOut;
      case REDELIVER -> redelivered;
    };
  }
}
