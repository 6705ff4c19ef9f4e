package dev.ergon.engine;

import dev.ergon.transaction.Transaction;
import dev.ergon.transaction.TransactionException;
import org.jspecify.annotations.Nullable;

/**
 * The three phases of the consumer lifecycle in their blocking shape. Consumer tasks are adapted
 * onto it; asynchronous tasks through a thin adapter that awaits their stages. It can also be
 * implemented directly to run the engine without a task.
 *
 * @param <R> what processing returns
 */
public interface ConsumerHooks<R extends @Nullable Object> {

  /**
   * Processes one transaction.
   *
   * @param transaction the transaction
   * @return the result, handed to {@link #handleProcessSuccess}
   * @throws Exception any failure; retried per {@code process.retry}
   */
  R processTransaction(Transaction transaction) throws Exception;

  /**
   * Runs after successful processing.
   *
   * @param transaction the transaction
   * @param result what processing returned
   * @throws Exception any failure; retried per {@code success.retry}, then handed to the exception
   *     handler
   */
  void handleProcessSuccess(Transaction transaction, R result) throws Exception;

  /**
   * Runs when processing (or the success handler) failed for good.
   *
   * @param transaction the transaction
   * @param error the failure, with category and transaction id
   * @throws Exception any failure; retried per {@code exception.retry}, then the policy's terminal
   *     action applies
   */
  void handleProcessException(Transaction transaction, TransactionException error) throws Exception;
}
