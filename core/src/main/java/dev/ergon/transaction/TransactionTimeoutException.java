package dev.ergon.transaction;

import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * The transaction runtime timeout expired: the lifecycle of one transaction took longer than {@code
 * transaction_runtime.timeout}. Category {@link Category#TIMEOUT}.
 */
public class TransactionTimeoutException extends TransactionException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param transactionId the transaction that ran out of time
   * @param timeout the runtime timeout that expired
   */
  public TransactionTimeoutException(String transactionId, Duration timeout) {
    this("Transaction runtime timed out after " + timeout + ".", transactionId);
  }

  private TransactionTimeoutException(@Nullable String message, String transactionId) {
    super(message, Category.TIMEOUT, transactionId, null);
  }

  @Override
  protected TransactionException copyWithTransactionId(String id) {
    return new TransactionTimeoutException(getMessage(), id);
  }
}
