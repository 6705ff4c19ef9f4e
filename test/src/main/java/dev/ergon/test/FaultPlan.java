package dev.ergon.test;

import java.util.Objects;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * The failures injected into an {@link InMemoryConnector}: how many fetches still fail and with
 * what, and whether acknowledge and reject fail.
 *
 * <p>Not thread-safe: the connector guards it with its own lock.
 */
final class FaultPlan {
  private int fetchFailuresLeft;
  private @Nullable Supplier<? extends Exception> fetchError;
  private @Nullable Supplier<? extends Exception> acknowledgeError;
  private @Nullable Supplier<? extends Exception> rejectError;

  void failNextFetches(int count, Supplier<? extends Exception> error) {
    if (count < 0) {
      throw new IllegalArgumentException("count must be >= 0 but was " + count);
    }
    fetchError = Objects.requireNonNull(error, "error");
    fetchFailuresLeft = count;
  }

  void failAcknowledgeWith(Supplier<? extends Exception> error) {
    acknowledgeError = Objects.requireNonNull(error, "error");
  }

  void failRejectWith(Supplier<? extends Exception> error) {
    rejectError = Objects.requireNonNull(error, "error");
  }

  void clear() {
    fetchFailuresLeft = 0;
    fetchError = null;
    acknowledgeError = null;
    rejectError = null;
  }

  /** The exception the current fetch must throw, counting it, or null when it must not fail. */
  @Nullable Exception nextFetchFailure() {
    Supplier<? extends Exception> error = fetchError;
    if (fetchFailuresLeft == 0 || error == null) {
      return null;
    }
    fetchFailuresLeft--;
    return make(error);
  }

  @Nullable Exception acknowledgeFailure() {
    Supplier<? extends Exception> error = acknowledgeError;
    return error == null ? null : make(error);
  }

  @Nullable Exception rejectFailure() {
    Supplier<? extends Exception> error = rejectError;
    return error == null ? null : make(error);
  }

  private static Exception make(Supplier<? extends Exception> error) {
    return Objects.requireNonNull(error.get(), "the injected error supplier returned null");
  }
}
