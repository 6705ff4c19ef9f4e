package dev.ergon.retry;

import dev.ergon.ErgonException;

/**
 * {@link Retry#call} gave up: the {@linkplain #getCause() cause} is the last failure, {@link
 * #reason()} says why no further attempt was made.
 */
public class RetriesExhaustedException extends ErgonException {
  private static final long serialVersionUID = 1L;

  private final int attempts;
  private final FailureReason reason;

  /**
   * Creates the exception; the message reads {@code "{name}: gave up after {n} attempt(s):
   * {cause}"}.
   *
   * @param name the name of the retry, for the message
   * @param attempts the attempts made, from 1
   * @param reason why no further attempt was made
   * @param cause the last failure
   */
  public RetriesExhaustedException(
      String name, int attempts, FailureReason reason, Throwable cause) {
    super(name + ": gave up after " + attempts + " attempt(s): " + cause, cause);
    this.attempts = attempts;
    this.reason = reason;
  }

  /**
   * The attempts made, counting the first.
   *
   * @return at least 1
   */
  public int attempts() {
    return attempts;
  }

  /**
   * Why no further attempt was made.
   *
   * @return the reason
   */
  public FailureReason reason() {
    return reason;
  }
}
