package dev.ergon.connector;

import dev.ergon.retry.NonRetryableException;
import org.jspecify.annotations.Nullable;

/**
 * Settlement (or another call bound to a channel) failed because the connection or channel is gone.
 * The source will redeliver the transaction, so the engine records the outcome {@code redeliver},
 * logs one warning and does not run the exception handler. Not retryable.
 */
public class ConnectionLostException extends NonRetryableException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what could not be done, naming the transaction and the channel or queue
   * @param cause the client's error
   */
  public ConnectionLostException(String message, @Nullable Throwable cause) {
    super(message, cause);
  }
}
