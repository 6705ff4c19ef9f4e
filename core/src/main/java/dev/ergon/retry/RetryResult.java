package dev.ergon.retry;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What {@link Retry#run} produced: a {@link Success} with the value, or a {@link Failure} with the
 * last error and the reason retrying stopped. Consume it with an exhaustive {@code switch}:
 *
 * <pre>{@code
 * switch (retry.run(() -> client.fetch(id))) {
 *   case RetryResult.Success<Order> s -> process(s.value());
 *   case RetryResult.Failure<Order> f -> log.error("fetch failed: {}", f.reason(), f.error());
 * }
 * }</pre>
 *
 * @param <T> the type of the value
 */
public sealed interface RetryResult<T extends @Nullable Object>
    permits RetryResult.Success, RetryResult.Failure {

  /**
   * The attempts started, counting the first.
   *
   * @return at least 1
   */
  int attempts();

  /**
   * Whether an attempt succeeded.
   *
   * @return true for a {@link Success}
   */
  default boolean isSuccess() {
    return this instanceof Success<?>;
  }

  /**
   * The retries made: {@link #attempts()} minus the first attempt.
   *
   * @return at least 0
   */
  default int retries() {
    return attempts() - 1;
  }

  /**
   * Attempt {@code attempts} returned {@code value}.
   *
   * @param value what the attempt returned (null when it returned null)
   * @param attempts the attempts made, from 1
   * @param <T> the type of the value
   */
  record Success<T extends @Nullable Object>(T value, int attempts) implements RetryResult<T> {
    /** Checks that {@code attempts} is at least 1. */
    public Success {
      if (attempts < 1) {
        throw new IllegalArgumentException("attempts must be >= 1 but was " + attempts);
      }
    }
  }

  /**
   * Retrying stopped without a success.
   *
   * @param error the last failure: what the last attempt threw, an {@link AttemptTimeoutException},
   *     or the {@link InterruptedException} that interrupted the wait for an attempt
   * @param attempts the attempts started, from 1
   * @param reason why no further attempt was made
   * @param <T> the type the value would have had
   */
  record Failure<T extends @Nullable Object>(Throwable error, int attempts, FailureReason reason)
      implements RetryResult<T> {
    /** Checks the fields. */
    public Failure {
      Objects.requireNonNull(error, "error");
      Objects.requireNonNull(reason, "reason");
      if (attempts < 1) {
        throw new IllegalArgumentException("attempts must be >= 1 but was " + attempts);
      }
    }
  }
}
