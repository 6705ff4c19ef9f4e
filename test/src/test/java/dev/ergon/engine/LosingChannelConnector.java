package dev.ergon.engine;

import dev.ergon.connector.ConnectionLostException;
import dev.ergon.connector.Connector;
import dev.ergon.test.InMemoryConnector;
import dev.ergon.transaction.Transaction;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A connector over an {@link InMemoryConnector} whose channel is "lost" while settling chosen
 * transactions: acknowledging or rejecting one of them throws {@link ConnectionLostException} and
 * leaves it in flight, so closing the connector hands it back for redelivery. It counts every
 * settlement call the engine makes, failed ones included.
 */
final class LosingChannelConnector implements Connector {
  private final InMemoryConnector delegate;
  private final Set<String> lost;
  private final Map<String, AtomicInteger> settleCalls = new ConcurrentHashMap<>();

  LosingChannelConnector(InMemoryConnector delegate, Set<String> lost) {
    this.delegate = delegate;
    this.lost = Set.copyOf(lost);
  }

  InMemoryConnector delegate() {
    return delegate;
  }

  /** How many times the engine tried to acknowledge or reject this transaction. */
  int settleCalls(String id) {
    AtomicInteger n = settleCalls.get(id);
    return n == null ? 0 : n.get();
  }

  private void settling(Transaction tx) throws ConnectionLostException {
    settleCalls.computeIfAbsent(tx.id(), k -> new AtomicInteger()).incrementAndGet();
    if (lost.contains(tx.id())) {
      throw new ConnectionLostException(
          "channel closed while settling transaction '" + tx.id() + "'", null);
    }
  }

  @Override
  public List<Transaction> fetchTransactions(int batchSize) throws Exception {
    return delegate.fetchTransactions(batchSize);
  }

  @Override
  public void dispatchTransactions(List<Transaction> transactions) {
    delegate.dispatchTransactions(transactions);
  }

  @Override
  public long countTransactions() {
    return delegate.countTransactions();
  }

  @Override
  public Optional<Transaction> resolveTransaction(String id) {
    return delegate.resolveTransaction(id);
  }

  @Override
  public void acknowledge(Transaction transaction) throws Exception {
    settling(transaction);
    delegate.acknowledge(transaction);
  }

  @Override
  public void reject(Transaction transaction, boolean requeue) throws Exception {
    settling(transaction);
    delegate.reject(transaction, requeue);
  }

  @Override
  public boolean supportsDeadLetter() {
    return delegate.supportsDeadLetter();
  }

  @Override
  public void onConcurrency(int concurrency) {
    delegate.onConcurrency(concurrency);
  }

  @Override
  public Map<String, Object> health() {
    return delegate.health();
  }

  @Override
  public void close() {
    delegate.close();
  }
}
