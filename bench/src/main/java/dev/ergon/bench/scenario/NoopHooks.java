package dev.ergon.bench.scenario;

import dev.ergon.engine.ConsumerHooks;
import dev.ergon.task.AsyncConsumerTask;
import dev.ergon.task.Tasks;
import dev.ergon.transaction.Transaction;
import dev.ergon.transaction.TransactionException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.jspecify.annotations.Nullable;

/** The no-op work of S1 and S5, in the blocking and the asynchronous task shape. */
final class NoopHooks implements ConsumerHooks<@Nullable Object> {
  private static final CompletableFuture<@Nullable Void> DONE =
      CompletableFuture.completedFuture(null);

  /** Where results go so that the JIT cannot drop the work. */
  static volatile @Nullable Object sink;

  @Override
  public @Nullable Object processTransaction(Transaction transaction) {
    return transaction.payload();
  }

  @Override
  public void handleProcessSuccess(Transaction transaction, @Nullable Object result) {
    sink = result;
  }

  @Override
  public void handleProcessException(Transaction transaction, TransactionException error) {
    throw new IllegalStateException("benchmark transaction failed: " + error, error);
  }

  /**
   * The same work as an {@link AsyncConsumerTask}, run on the engine through its adapter.
   *
   * @return the task's consumer hooks
   */
  static ConsumerHooks<?> async() {
    return Tasks.consumerHooks(new AsyncNoop());
  }

  /** The asynchronous shape: stages that are already complete. */
  private static final class AsyncNoop extends AsyncConsumerTask<@Nullable Object> {
    @Override
    public CompletionStage<@Nullable Object> processTransaction(Transaction transaction) {
      return CompletableFuture.completedFuture(transaction.payload());
    }

    @Override
    public CompletionStage<@Nullable Void> handleProcessSuccess(
        Transaction transaction, @Nullable Object result) {
      sink = result;
      return DONE;
    }

    @Override
    public CompletionStage<@Nullable Void> handleProcessException(
        Transaction transaction, TransactionException error) {
      return CompletableFuture.failedFuture(
          new IllegalStateException("benchmark transaction failed: " + error, error));
    }
  }
}
