package dev.ergon.test;

import dev.ergon.connector.AsyncConnector;
import dev.ergon.connector.Rejection;
import dev.ergon.transaction.Transaction;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;

/**
 * The {@link AsyncConnector} view of an {@link InMemoryConnector}: every operation runs the
 * delegate's blocking operation on a new virtual thread and returns a stage that completes there,
 * so callers meet real asynchrony (completion on another thread, after the call returned) as with
 * an asynchronous client. A stage fails with exactly the exception the delegate threw, unwrapped.
 * Calls made without waiting for earlier stages are not ordered with respect to each other.
 *
 * <p>{@link #supportsDeadLetter()}, {@link #onConcurrency(int)}, {@link #health()} and {@link
 * #close()} delegate directly, on the calling thread. Observe and steer the connector (fault
 * injection, snapshots) through {@link #delegate()}.
 *
 * <pre>{@code
 * InMemoryConnector queue = InMemoryConnector.of(Transaction.of("a", 1));
 * AsyncInMemoryConnector input = new AsyncInMemoryConnector(queue);
 * // ... run an async task against input ...
 * assertThat(queue.acknowledged()).extracting(Transaction::id).containsExactly("a");
 * }</pre>
 *
 * <p>Thread-safe, as the delegate is.
 */
public final class AsyncInMemoryConnector implements AsyncConnector {
  private static final Executor VIRTUAL_THREADS =
      task -> Thread.ofVirtual().name("async-in-memory-connector").start(task);

  private final InMemoryConnector delegate;

  /**
   * Wraps a connector.
   *
   * @param delegate the in-memory connector that holds the transactions
   */
  public AsyncInMemoryConnector(InMemoryConnector delegate) {
    this.delegate = Objects.requireNonNull(delegate, "delegate");
  }

  /**
   * The wrapped connector, for observing and steering it.
   *
   * @return the delegate
   */
  public InMemoryConnector delegate() {
    return delegate;
  }

  @Override
  public CompletionStage<List<Transaction>> fetchTransactions(int batchSize) {
    return async(() -> delegate.fetchTransactions(batchSize));
  }

  @Override
  public CompletionStage<Void> dispatchTransactions(List<Transaction> transactions) {
    return async(
        () -> {
          delegate.dispatchTransactions(transactions);
          return null;
        });
  }

  @Override
  public CompletionStage<Long> countTransactions() {
    return async(delegate::countTransactions);
  }

  @Override
  public CompletionStage<Optional<Transaction>> resolveTransaction(String id) {
    return async(() -> delegate.resolveTransaction(id));
  }

  @Override
  public CompletionStage<Void> acknowledge(Transaction transaction) {
    return async(
        () -> {
          delegate.acknowledge(transaction);
          return null;
        });
  }

  @Override
  public CompletionStage<Void> reject(Transaction transaction, boolean requeue) {
    return async(
        () -> {
          delegate.reject(transaction, requeue);
          return null;
        });
  }

  @Override
  public CompletionStage<Void> reject(
      Transaction transaction, boolean requeue, Rejection rejection) {
    return async(
        () -> {
          delegate.reject(transaction, requeue, rejection);
          return null;
        });
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

  /** Closes the delegate, on the calling thread. Idempotent. */
  @Override
  public void close() {
    delegate.close();
  }

  private static <T> CompletionStage<T> async(Callable<T> call) {
    CompletableFuture<T> result = new CompletableFuture<>();
    VIRTUAL_THREADS.execute(
        () -> {
          try {
            result.complete(call.call());
          } catch (Throwable e) {
            result.completeExceptionally(e);
          }
        });
    return result;
  }

  @Override
  public String toString() {
    return "AsyncInMemoryConnector[" + delegate + "]";
  }
}
