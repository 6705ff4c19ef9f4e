package dev.ergon.engine;

import dev.ergon.transaction.Transaction;
import dev.ergon.transaction.TransactionException;
import org.jspecify.annotations.Nullable;

/**
 * The three phases of the producer lifecycle in their blocking shape: prepare, then the success or
 * the exception handler. Producer tasks are adapted onto it.
 *
 * @param <P> what preparing returns
 */
public interface ProducerHooks<P extends @Nullable Object> {

  /**
   * Prepares one transaction, typically dispatching it or something derived from it.
   *
   * @param transaction the transaction
   * @return the result, handed to {@link #handlePrepareSuccess}
   * @throws Exception any failure; retried per {@code prepare.retry}
   */
  P prepareTransaction(Transaction transaction) throws Exception;

  /**
   * Runs after successful preparation.
   *
   * @param transaction the transaction
   * @param result what preparing returned
   * @throws Exception any failure; retried per {@code success.retry}, then handed to the exception
   *     handler
   */
  void handlePrepareSuccess(Transaction transaction, P result) throws Exception;

  /**
   * Runs when preparation (or the success handler) failed for good.
   *
   * @param transaction the transaction
   * @param error the failure, with category and transaction id
   * @throws Exception any failure; retried per {@code exception.retry}
   */
  void handlePrepareException(Transaction transaction, TransactionException error) throws Exception;
}
