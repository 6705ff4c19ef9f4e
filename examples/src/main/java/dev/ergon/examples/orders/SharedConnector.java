package dev.ergon.examples.orders;

import dev.ergon.connector.Connector;
import dev.ergon.transaction.Transaction;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A view of a connector that several tasks share, in one process, one after the other: it delegates
 * everything but {@link #close()}, which does nothing, because a worker closes its connectors when
 * it stops and the feeder must not close the queue the processor reads next. The owner closes the
 * connector itself.
 *
 * <pre>{@code
 * InMemoryConnector queue = new InMemoryConnector();
 * feeder.connector("orders", () -> new SharedConnector(queue));
 * processor.connector("orders", () -> new SharedConnector(queue));
 * }</pre>
 *
 * <p>As thread-safe as the connector it wraps.
 */
public final class SharedConnector implements Connector {
  private final Connector owned;

  /**
   * Wraps a connector its owner closes.
   *
   * @param owned the shared connector
   */
  public SharedConnector(Connector owned) {
    this.owned = Objects.requireNonNull(owned, "owned");
  }

  @Override
  public List<Transaction> fetchTransactions(int batchSize) throws Exception {
    return owned.fetchTransactions(batchSize);
  }

  @Override
  public void dispatchTransactions(List<Transaction> transactions) throws Exception {
    owned.dispatchTransactions(transactions);
  }

  @Override
  public long countTransactions() throws Exception {
    return owned.countTransactions();
  }

  @Override
  public Optional<Transaction> resolveTransaction(String id) throws Exception {
    return owned.resolveTransaction(id);
  }

  @Override
  public void acknowledge(Transaction transaction) throws Exception {
    owned.acknowledge(transaction);
  }

  @Override
  public void reject(Transaction transaction, boolean requeue) throws Exception {
    owned.reject(transaction, requeue);
  }

  @Override
  public boolean supportsDeadLetter() {
    return owned.supportsDeadLetter();
  }

  @Override
  public void onConcurrency(int concurrency) {
    owned.onConcurrency(concurrency);
  }

  @Override
  public Map<String, Object> health() {
    return owned.health();
  }

  /** Does nothing: the owner closes the shared connector. */
  @Override
  public void close() {}
}
