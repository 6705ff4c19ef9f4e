package dev.ergon.connector;

import dev.ergon.transaction.Transaction;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Turns what a broker, table or file holds into transactions and back, with blocking calls. See
 * {@link AsyncConnector} for the {@code CompletionStage} twin; the engine accepts both.
 *
 * <p>Only {@link #fetchTransactions(int)} and {@link #dispatchTransactions(List)} are required. The
 * optional capabilities ({@link #countTransactions()}, {@link #resolveTransaction(String)}, {@link
 * #acknowledge(Transaction)}, {@link #reject(Transaction, boolean)}) throw {@link
 * UnsupportedCapabilityException} unless implemented.
 *
 * <p>Settlement contract: the engine calls {@code acknowledge} once a transaction's lifecycle is
 * complete, and {@code reject} when it must be redelivered ({@code requeue = true}) or
 * dead-lettered ({@code requeue = false}, when {@link #supportsDeadLetter()}). A transaction that
 * is fetched and never settled must be delivered again after the connector is closed or its process
 * dies. When settlement fails because the connection or channel is gone, throw {@link
 * ConnectionLostException}: the engine then records a redelivery instead of a failure.
 *
 * <p>A connector instance is used by one worker; the engine may call {@code fetchTransactions} from
 * one thread while other threads settle and dispatch, so settlement and dispatch must be
 * thread-safe.
 */
public interface Connector extends AutoCloseable {

  /**
   * Fetches up to {@code batchSize} transactions. Returns what is available without waiting for the
   * batch to fill; an empty list means "nothing now".
   *
   * @param batchSize the most transactions to return, at least 1
   * @return between 0 and {@code batchSize} transactions
   * @throws Exception when the source cannot be read
   */
  List<Transaction> fetchTransactions(int batchSize) throws Exception;

  /**
   * Sends transactions to the destination this connector writes to.
   *
   * @param transactions the transactions, in order
   * @throws Exception when they cannot be sent
   */
  void dispatchTransactions(List<Transaction> transactions) throws Exception;

  /**
   * How many transactions are waiting, when the source can tell.
   *
   * @return the backlog
   * @throws Exception when the source cannot be asked
   * @throws UnsupportedCapabilityException when this connector cannot count
   */
  default long countTransactions() throws Exception {
    throw new UnsupportedCapabilityException(getClass(), "countTransactions");
  }

  /**
   * Finds one transaction by its id, for {@code process-transaction-by-id}.
   *
   * @param id the transaction id
   * @return the transaction, or empty when there is none with that id
   * @throws Exception when the source cannot be asked
   * @throws UnsupportedCapabilityException when this connector cannot resolve ids
   */
  default Optional<Transaction> resolveTransaction(String id) throws Exception {
    throw new UnsupportedCapabilityException(getClass(), "resolveTransaction");
  }

  /**
   * Settles a transaction for good: it will not be delivered again.
   *
   * @param transaction a transaction this connector fetched
   * @throws ConnectionLostException when the channel or connection is gone (the source will
   *     redeliver)
   * @throws Exception when settlement fails for another reason
   */
  default void acknowledge(Transaction transaction) throws Exception {
    throw new UnsupportedCapabilityException(getClass(), "acknowledge");
  }

  /**
   * Gives a transaction back: redelivered later when {@code requeue}, dead-lettered otherwise
   * (where the source has dead-lettering; see {@link #supportsDeadLetter()}).
   *
   * @param transaction a transaction this connector fetched
   * @param requeue true to redeliver, false to dead-letter
   * @throws ConnectionLostException when the channel or connection is gone
   * @throws Exception when it fails for another reason
   */
  default void reject(Transaction transaction, boolean requeue) throws Exception {
    throw new UnsupportedCapabilityException(getClass(), "reject");
  }

  /**
   * Gives a transaction up after its lifecycle failed for good, with the reason: the engine calls
   * this (not {@link #reject(Transaction, boolean)}) when the exception handler failed or a timeout
   * could not be handled. Connectors that dead-letter override it to record the reason next to the
   * message (error category and message, attempts); the default ignores the reason.
   *
   * @param transaction a transaction this connector fetched
   * @param requeue true to redeliver, false to dead-letter
   * @param rejection why the transaction is given up
   * @throws ConnectionLostException when the channel or connection is gone
   * @throws Exception when it fails for another reason
   */
  default void reject(Transaction transaction, boolean requeue, Rejection rejection)
      throws Exception {
    reject(transaction, requeue);
  }

  /**
   * Whether {@code reject(tx, false)} dead-letters. When false, the engine releases a transaction
   * it cannot handle ({@code reject(tx, true)}) instead.
   *
   * @return true when this connector dead-letters
   */
  default boolean supportsDeadLetter() {
    return false;
  }

  /**
   * Tells the connector how many transactions the engine will hold in flight, so that it bounds its
   * prefetch by that number. Called once before the first fetch.
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
   * Health details for liveness checks and the health endpoint (state, timestamps, counts).
   *
   * @return an immutable map; empty when the connector reports nothing
   */
  default Map<String, Object> health() {
    return Map.of();
  }

  /** Releases everything: connections, channels, consumers, files. Idempotent. */
  @Override
  default void close() throws Exception {}
}
