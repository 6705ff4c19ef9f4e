package dev.ergon.retry;

import java.time.Duration;

/**
 * Observes the attempts of a {@link Retry}, e.g. to count them in metrics or open a span per
 * attempt. Every method is a no-op by default. An exception thrown by a listener is logged and
 * otherwise ignored: it never changes the outcome of the retry.
 *
 * <p>Callbacks run on the thread that called {@link Retry#run}; a listener shared by several
 * threads (or used with {@link Retry#runConcurrently}) must be thread-safe.
 */
public interface RetryListener {

  /** The listener that does nothing. */
  RetryListener NO_OP = new RetryListener() {};

  /**
   * Attempt {@code attempt} is about to start.
   *
   * @param attempt the attempt number, from 1
   */
  default void attemptStarted(int attempt) {}

  /**
   * Attempt {@code attempt} returned a value.
   *
   * @param attempt the attempt number, from 1
   */
  default void attemptSucceeded(int attempt) {}

  /**
   * Attempt {@code attempt} failed (a timeout is an {@link AttemptTimeoutException}; an interrupt
   * of the calling thread an {@link InterruptedException}).
   *
   * @param attempt the attempt number, from 1
   * @param error the failure
   */
  default void attemptFailed(int attempt, Throwable error) {}

  /**
   * Attempt {@code nextAttempt} will start after {@code delay} (zero for at once), unless the stop
   * signal or an interrupt ends the wait.
   *
   * @param nextAttempt the attempt that will run next, from 2
   * @param delay the backoff before it, jitter included
   */
  default void retryScheduled(int nextAttempt, Duration delay) {}
}
