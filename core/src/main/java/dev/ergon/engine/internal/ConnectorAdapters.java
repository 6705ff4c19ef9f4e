package dev.ergon.engine.internal;

import dev.ergon.connector.AsyncConnector;
import dev.ergon.connector.Connector;
import dev.ergon.connector.Rejection;
import dev.ergon.transaction.Transaction;
import io.opentelemetry.context.Context;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;

/** Views a blocking connector as asynchronous and the other way round. */
public final class ConnectorAdapters {
  private static final Executor VIRTUAL =
      Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("ergon-connector-", 0).factory());

  private ConnectorAdapters() {}

  /**
   * A blocking view of an asynchronous connector: each call awaits the stage.
   *
   * @param c the asynchronous connector
   * @return the blocking view
   */
  public static Connector blocking(AsyncConnector c) {
    return new Connector() {
      @Override
      public List<Transaction> fetchTransactions(int batchSize) throws Exception {
        return Await.await(c.fetchTransactions(batchSize));
      }

      @Override
      public void dispatchTransactions(List<Transaction> transactions) throws Exception {
        Await.await(c.dispatchTransactions(transactions));
      }

      @Override
      public long countTransactions() throws Exception {
        return Await.await(c.countTransactions());
      }

      @Override
      public Optional<Transaction> resolveTransaction(String id) throws Exception {
        return Await.await(c.resolveTransaction(id));
      }

      @Override
      public void acknowledge(Transaction transaction) throws Exception {
        Await.await(c.acknowledge(transaction));
      }

      @Override
      public void reject(Transaction transaction, boolean requeue) throws Exception {
        Await.await(c.reject(transaction, requeue));
      }

      @Override
      public void reject(Transaction transaction, boolean requeue, Rejection rejection)
          throws Exception {
        Await.await(c.reject(transaction, requeue, rejection));
      }

      @Override
      public boolean supportsDeadLetter() {
        return c.supportsDeadLetter();
      }

      @Override
      public void onConcurrency(int concurrency) {
        c.onConcurrency(concurrency);
      }

      @Override
      public OptionalInt configuredPrefetch() {
        return c.configuredPrefetch();
      }

      @Override
      public Map<String, Object> health() {
        return c.health();
      }

      @Override
      public void close() throws Exception {
        c.close();
      }

      @Override
      public String toString() {
        return c.toString();
      }
    };
  }

  /**
   * An asynchronous view of a blocking connector: each call runs on a virtual thread.
   *
   * @param c the blocking connector
   * @return the asynchronous view
   */
  public static AsyncConnector async(Connector c) {
    return new AsyncConnector() {
      @Override
      public CompletionStage<List<Transaction>> fetchTransactions(int batchSize) {
        return call(() -> c.fetchTransactions(batchSize));
      }

      @Override
      public CompletionStage<Void> dispatchTransactions(List<Transaction> transactions) {
        return run(() -> c.dispatchTransactions(transactions));
      }

      @Override
      public CompletionStage<Long> countTransactions() {
        return call(c::countTransactions);
      }

      @Override
      public CompletionStage<Optional<Transaction>> resolveTransaction(String id) {
        return call(() -> c.resolveTransaction(id));
      }

      @Override
      public CompletionStage<Void> acknowledge(Transaction transaction) {
        return run(() -> c.acknowledge(transaction));
      }

      @Override
      public CompletionStage<Void> reject(Transaction transaction, boolean requeue) {
        return run(() -> c.reject(transaction, requeue));
      }

      @Override
      public CompletionStage<Void> reject(
          Transaction transaction, boolean requeue, Rejection rejection) {
        return run(() -> c.reject(transaction, requeue, rejection));
      }

      @Override
      public boolean supportsDeadLetter() {
        return c.supportsDeadLetter();
      }

      @Override
      public void onConcurrency(int concurrency) {
        c.onConcurrency(concurrency);
      }

      @Override
      public OptionalInt configuredPrefetch() {
        return c.configuredPrefetch();
      }

      @Override
      public Map<String, Object> health() {
        return c.health();
      }

      @Override
      public void close() throws Exception {
        c.close();
      }

      @Override
      public String toString() {
        return c.toString();
      }
    };
  }

  private interface Call<T> {
    T call() throws Exception;
  }

  private interface Run {
    void run() throws Exception;
  }

  private static <T> CompletionStage<T> call(Call<T> call) {
    CompletableFuture<T> f = new CompletableFuture<>();
    Context context = Context.current();
    VIRTUAL.execute(
        context.wrap(
            () -> {
              try {
                f.complete(call.call());
              } catch (Throwable t) {
                f.completeExceptionally(t);
              }
            }));
    return f;
  }

  private static CompletionStage<Void> run(Run run) {
    return call(
        () -> {
          run.run();
          return null;
        });
  }
}
