package dev.ergon.retry;

import dev.ergon.ErgonException;
import java.time.Duration;

/**
 * One attempt outlived its per-attempt {@code timeout}. The attempt was interrupted (or its stage
 * cancelled) and not waited for.
 */
public class AttemptTimeoutException extends ErgonException {
  private static final long serialVersionUID = 1L;

  private final int attempt;
  private final Duration timeout;

  /**
   * Creates the exception.
   *
   * @param attempt the attempt number, from 1
   * @param timeout the per-attempt timeout that expired
   */
  public AttemptTimeoutException(int attempt, Duration timeout) {
    super("attempt " + attempt + " timed out after " + timeout);
    this.attempt = attempt;
    this.timeout = timeout;
  }

  /**
   * The attempt that timed out, from 1.
   *
   * @return the attempt number
   */
  public int attempt() {
    return attempt;
  }

  /**
   * The timeout that expired.
   *
   * @return the per-attempt timeout
   */
  public Duration timeout() {
    return timeout;
  }
}
