package dev.ergon;

import org.jspecify.annotations.Nullable;

/**
 * The root of every exception the framework throws. It is unchecked: user code may throw any
 * exception, and the framework reports its own failures through subclasses of this type.
 */
public class ErgonException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates an exception with a message.
   *
   * @param message what went wrong, naming the thing and the value
   */
  public ErgonException(String message) {
    super(message);
  }

  /**
   * Creates an exception with a message and a cause.
   *
   * @param message what went wrong, naming the thing and the value
   * @param cause the underlying failure, if any
   */
  public ErgonException(String message, @Nullable Throwable cause) {
    super(message, cause);
  }
}
