package dev.ergon.connector;

import dev.ergon.transaction.TransactionException;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Why the engine gives a transaction up: the failure its lifecycle ended with, the exception
 * handler's own failure, and how many retries were made. Passed to {@link
 * Connector#reject(dev.ergon.transaction.Transaction, boolean, Rejection)} so that a connector can
 * write it next to a dead-lettered message (headers, fields, columns).
 *
 * @param error the failure the transaction ended with (for a runtime timeout, the timeout)
 * @param handlerError what the exception handler failed with, or null
 * @param retries the retries made over all phases of the transaction's run
 */
public record Rejection(TransactionException error, @Nullable Throwable handlerError, int retries) {

  /**
   * Validates the fields.
   *
   * @param error the failure the transaction ended with
   * @param handlerError what the exception handler failed with, or null
   * @param retries the retries made, at least 0
   */
  public Rejection {
    Objects.requireNonNull(error, "error");
    if (retries < 0) {
      throw new IllegalArgumentException("retries must be at least 0, was " + retries);
    }
  }

  /**
   * The failure's category: {@code BUSINESS}, {@code SYSTEM} or {@code TIMEOUT}.
   *
   * @return the category
   */
  public TransactionException.Category category() {
    return error.category();
  }

  /**
   * The failure's message.
   *
   * @return the message, never null
   */
  public String message() {
    String m = error.getMessage();
    return m == null ? error.getClass().getName() : m;
  }

  /**
   * The attempts the processing made: one more than the retries.
   *
   * @return at least 1
   */
  public int attempts() {
    return retries + 1;
  }

  /**
   * The exception handler's failure, when it failed.
   *
   * @return the handler's error, or empty
   */
  public Optional<Throwable> handlerFailure() {
    return Optional.ofNullable(handlerError);
  }
}
