package dev.ergon.retry;

import dev.ergon.ErgonException;
import org.jspecify.annotations.Nullable;

/**
 * Thrown by user code to say "retrying cannot help": the retry envelope stops at once, whatever
 * attempts remain. Subclasses keep that meaning.
 */
public class NonRetryableException extends ErgonException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message why retrying cannot help
   */
  public NonRetryableException(String message) {
    super(message);
  }

  /**
   * Creates the exception with a cause.
   *
   * @param message why retrying cannot help
   * @param cause the underlying failure
   */
  public NonRetryableException(String message, @Nullable Throwable cause) {
    super(message, cause);
  }
}
