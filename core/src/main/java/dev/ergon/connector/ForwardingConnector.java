package dev.ergon.connector;

import dev.ergon.transaction.Transaction;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A connector that forwards every call to another one: extend it to decorate a connector (count
 * calls, inject faults, add metadata) by overriding only what changes.
 *
 * <pre>{@code
 * final class Auditing extends ForwardingConnector {
 *   Auditing(Connector delegate) { super(delegate); }
 *   @Override public void acknowledge(Transaction tx) throws Exception {
 *     audit.record(tx.id());
 *     super.acknowledge(tx);
 *   }
 * }
 * }</pre>
 *
 * <p>Every method is forwarded as such, both forms of {@code reject} included: a decorator that
 * intercepts rejections overrides {@link #reject(Transaction, boolean)} and {@link
 * #reject(Transaction, boolean, Rejection)} (the engine calls the latter when it gives a
 * transaction up).
 *
 * <p>As thread-safe as the delegate.
 */
public abstract class ForwardingConnector implements Connector {
  private final Connector delegate;

  /**
   * Wraps {@code delegate}.
   *
   * @param delegate the connector every call goes to
   */
  protected ForwardingConnector(Connector delegate) {
    this.delegate = java.util.Objects.requireNonNull(delegate, "delegate");
  }

  /**
   * The wrapped connector.
   *
   * @return the delegate
   */
  protected Connector delegate() {
    return delegate;
  }

  @Override
  public List<Transaction> fetchTransactions(int batchSize) throws Exception {
    return delegate.fetchTransactions(batchSize);
  }

  @Override
  public void dispatchTransactions(List<Transaction> transactions) throws Exception {
    delegate.dispatchTransactions(transactions);
  }

  @Override
  public long countTransactions() throws Exception {
    return delegate.countTransactions();
  }

  @Override
  public Optional<Transaction> resolveTransaction(String id) throws Exception {
    return delegate.resolveTransaction(id);
  }

  @Override
  public void acknowledge(Transaction transaction) throws Exception {
    delegate.acknowledge(transaction);
  }

  @Override
  public void reject(Transaction transaction, boolean requeue) throws Exception {
    delegate.reject(transaction, requeue);
  }

  @Override
  public void reject(Transaction transaction, boolean requeue, Rejection rejection)
      throws Exception {
    delegate.reject(transaction, requeue, rejection);
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
  public OptionalInt configuredPrefetch() {
    return delegate.configuredPrefetch();
  }

  @Override
  public Map<String, Object> health() {
    return delegate.health();
  }

  @Override
  public void close() throws Exception {
    delegate.close();
  }

  @Override
  public String toString() {
    return getClass().getSimpleName() + "[" + delegate + "]";
  }
}
