package dev.ergon.engine;

import dev.ergon.connector.ConnectionLostException;
import dev.ergon.connector.ForwardingConnector;
import dev.ergon.connector.Rejection;
import dev.ergon.test.InMemoryConnector;
import dev.ergon.transaction.Transaction;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A connector over an {@link InMemoryConnector} whose channel is "lost" while settling chosen
 * transactions: acknowledging or rejecting one of them throws {@link ConnectionLostException} and
 * leaves it in flight, so closing the connector hands it back for redelivery. It counts every
 * settlement call the engine makes, failed ones included.
 */
final class LosingChannelConnector extends ForwardingConnector {
  private final InMemoryConnector delegate;
  private final Set<String> lost;
  private final Map<String, AtomicInteger> settleCalls = new ConcurrentHashMap<>();

  LosingChannelConnector(InMemoryConnector delegate, Set<String> lost) {
    super(delegate);
    this.delegate = delegate;
    this.lost = Set.copyOf(lost);
  }

  @Override
  public InMemoryConnector delegate() {
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
  public void reject(Transaction transaction, boolean requeue, Rejection rejection)
      throws Exception {
    settling(transaction);
    delegate.reject(transaction, requeue, rejection);
  }
}
