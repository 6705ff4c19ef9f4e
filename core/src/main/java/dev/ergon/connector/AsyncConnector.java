package dev.ergon.connector;

import dev.ergon.transaction.Transaction;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The asynchronous twin of {@link Connector}: the same contract, with every operation returning a
 * {@link CompletionStage}. Use it for clients that are asynchronous by nature. The engine adapts it
 * onto the same lifecycle as a blocking connector.
 */
public interface AsyncConnector extends AutoCloseable {

  /**
   * Fetches up to {@code batchSize} transactions without waiting for the batch to fill.
   *
   * @param batchSize the most transactions to return, at least 1
   * @return a stage completing with between 0 and {@code batchSize} transactions
   */
  CompletionStage<List<Transaction>> fetchTransactions(int batchSize);

  /**
   * Sends transactions to the destination this connector writes to.
   *
   * @param transactions the transactions, in order
   * @return a stage completing when they are sent
   */
  CompletionStage<Void> dispatchTransactions(List<Transaction> transactions);

  /**
   * How many transactions are waiting.
   *
   * @return the backlog, or a stage failed with {@link UnsupportedCapabilityException}
   */
  default CompletionStage<Long> countTransactions() {
    return CompletableFuture.failedFuture(
        new UnsupportedCapabilityException(getClass(), "countTransactions"));
  }

  /**
   * Finds one transaction by its id.
   *
   * @param id the transaction id
   * @return the transaction or empty, or a stage failed with {@link UnsupportedCapabilityException}
   */
  default CompletionStage<Optional<Transaction>> resolveTransaction(String id) {
    return CompletableFuture.failedFuture(
        new UnsupportedCapabilityException(getClass(), "resolveTransaction"));
  }

  /**
   * Settles a transaction for good. See {@link Connector#acknowledge(Transaction)}.
   *
   * @param transaction a transaction this connector fetched
   * @return a stage completing when settled
   */
  default CompletionStage<Void> acknowledge(Transaction transaction) {
    return CompletableFuture.failedFuture(
        new UnsupportedCapabilityException(getClass(), "acknowledge"));
  }

  /**
   * Gives a transaction back. See {@link Connector#reject(Transaction, boolean)}.
   *
   * @param transaction a transaction this connector fetched
   * @param requeue true to redeliver, false to dead-letter
   * @return a stage completing when done
   */
  default CompletionStage<Void> reject(Transaction transaction, boolean requeue) {
    return CompletableFuture.failedFuture(new UnsupportedCapabilityException(getClass(), "reject"));
  }

  /**
   * Gives a transaction up with the reason. See {@link Connector#reject(Transaction, boolean,
   * Rejection)}; the default ignores the reason.
   *
   * @param transaction a transaction this connector fetched
   * @param requeue true to redeliver, false to dead-letter
   * @param rejection why the transaction is given up
   * @return a stage completing when done
   */
  default CompletionStage<Void> reject(
      Transaction transaction, boolean requeue, Rejection rejection) {
    return reject(transaction, requeue);
  }

  /**
   * Whether {@code reject(tx, false)} dead-letters.
   *
   * @return true when this connector dead-letters
   */
  default boolean supportsDeadLetter() {
    return false;
  }

  /**
   * Tells the connector the engine's in-flight bound. See {@link Connector#onConcurrency(int)}.
   *
   * @param concurrency the engine's in-flight bound
   */
  default void onConcurrency(int concurrency) {}

  /**
   * The prefetch this connector is configured with (how many deliveries a broker may push before
   * they are settled), when it has one. The engine warns when it exceeds the loop's concurrency,
   * since deliveries beyond it wait unprocessed while holding the broker's credit.
   *
   * @return the configured prefetch, or empty
   */
  default OptionalInt configuredPrefetch() {
    return OptionalInt.empty();
  }

  /**
   * Health details for liveness checks.
   *
   * @return an immutable map; empty when the connector reports nothing
   */
  default Map<String, Object> health() {
    return Map.of();
  }

  /** Releases everything. Idempotent. */
  @Override
  default void close() throws Exception {}
}
