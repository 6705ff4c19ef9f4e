package dev.ergon.test;

import dev.ergon.connector.ConnectionLostException;
import dev.ergon.connector.Connector;
import dev.ergon.connector.Rejection;
import dev.ergon.transaction.Transaction;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One consumer's channel onto a shared {@link InMemoryConnector}, as a broker gives each consumer
 * its own channel: it fetches, dispatches and settles through the shared queue, and when it is
 * closed only the transactions it fetched and did not settle go back for redelivery — the shared
 * queue stays open for the other channels. Obtain one with {@link InMemoryConnector#channel()}.
 *
 * <p>Thread-safe.
 */
public final class InMemoryChannel implements Connector {
  private final InMemoryConnector queue;
  private final Map<String, Transaction> unsettled = new LinkedHashMap<>();
  private boolean closed;

  InMemoryChannel(InMemoryConnector queue) {
    this.queue = queue;
  }

  @Override
  public List<Transaction> fetchTransactions(int batchSize) throws Exception {
    ensureOpen();
    List<Transaction> fetched = queue.fetchTransactions(batchSize);
    synchronized (this) {
      fetched.forEach(tx -> unsettled.put(tx.id(), tx));
    }
    return fetched;
  }

  @Override
  public void dispatchTransactions(List<Transaction> transactions) throws Exception {
    ensureOpen();
    queue.dispatchTransactions(transactions);
  }

  @Override
  public long countTransactions() {
    return queue.countTransactions();
  }

  @Override
  public Optional<Transaction> resolveTransaction(String id) throws Exception {
    ensureOpen();
    Optional<Transaction> tx = queue.resolveTransaction(id);
    synchronized (this) {
      tx.ifPresent(t -> unsettled.put(t.id(), t));
    }
    return tx;
  }

  @Override
  public void acknowledge(Transaction transaction) throws Exception {
    settling(transaction);
    queue.acknowledge(transaction);
  }

  @Override
  public void reject(Transaction transaction, boolean requeue) throws Exception {
    settling(transaction);
    queue.reject(transaction, requeue);
  }

  @Override
  public void reject(Transaction transaction, boolean requeue, Rejection rejection)
      throws Exception {
    settling(transaction);
    queue.reject(transaction, requeue, rejection);
  }

  private synchronized void settling(Transaction transaction) throws ConnectionLostException {
    if (closed) {
      throw new ConnectionLostException(
          "channel closed: cannot settle transaction '" + transaction.id() + "'", null);
    }
    unsettled.remove(transaction.id());
  }

  @Override
  public boolean supportsDeadLetter() {
    return queue.supportsDeadLetter();
  }

  @Override
  public void onConcurrency(int concurrency) {
    queue.onConcurrency(concurrency);
  }

  /** Releases this channel's unsettled transactions for redelivery. Idempotent. */
  @Override
  public void close() throws Exception {
    List<Transaction> toRelease;
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      toRelease = List.copyOf(unsettled.values());
      unsettled.clear();
    }
    for (Transaction tx : toRelease) {
      queue.reject(tx, true);
    }
  }

  private synchronized void ensureOpen() {
    if (closed) {
      throw new IllegalStateException("this in-memory channel is closed");
    }
  }
}
