package dev.ergon.retry;

/** Why {@link Retry} stopped without a success. */
public enum FailureReason {
  /** Every attempt the policy allows was made and failed. */
  EXHAUSTED,
  /**
   * The failure said retrying cannot help: a {@link NonRetryableException}, or a {@link
   * dev.ergon.transaction.TransactionException} that is not {@linkplain
   * dev.ergon.transaction.TransactionException#isRetryable() retryable}.
   */
  NON_RETRYABLE,
  /** The calling thread was interrupted; its interrupt flag is left set. */
  INTERRUPTED,
  /** The {@link dev.ergon.time.StopSignal} was stopped, so no further attempt was made. */
  STOPPED
}
