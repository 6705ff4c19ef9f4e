package dev.ergon.task;

import dev.ergon.engine.RunReport;
import dev.ergon.policy.ConsumerPolicy;
import dev.ergon.policy.ProducerPolicy;
import dev.ergon.transaction.Transaction;
import dev.ergon.transaction.TransactionException;
import java.util.Iterator;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.jspecify.annotations.Nullable;

/**
 * An asynchronous task that both consumes and produces; see {@link HybridTask}. {@link #execute()}
 * consumes by default.
 *
 * @param <R> what processing yields
 * @param <P> what preparing yields
 */
public abstract non-sealed class AsyncHybridTask<
        R extends @Nullable Object, P extends @Nullable Object>
    extends Task implements TaskSupport.AsyncConsumerHooks<R>, TaskSupport.AsyncProducerHooks<P> {

  /** For subclasses. */
  protected AsyncHybridTask() {}

  /**
   * Runs after successful processing. Default: logs at DEBUG.
   *
   * @param transaction the transaction
   * @param result the result
   * @return a stage completing when done
   */
  @Override
  public CompletionStage<@Nullable Void> handleProcessSuccess(Transaction transaction, R result) {
    TaskSupport.logSuccess(logger(), transaction);
    return CompletableFuture.completedFuture(null);
  }

  /**
   * Runs when processing failed for good. Default: logs at ERROR.
   *
   * @param transaction the transaction
   * @param error the failure
   * @return a stage completing when done
   */
  @Override
  public CompletionStage<@Nullable Void> handleProcessException(
      Transaction transaction, TransactionException error) {
    TaskSupport.logException(logger(), transaction, error);
    return CompletableFuture.completedFuture(null);
  }

  /**
   * Runs after successful preparation. Default: logs at DEBUG.
   *
   * @param transaction the transaction
   * @param result the result
   * @return a stage completing when done
   */
  @Override
  public CompletionStage<@Nullable Void> handlePrepareSuccess(Transaction transaction, P result) {
    TaskSupport.logSuccess(logger(), transaction);
    return CompletableFuture.completedFuture(null);
  }

  /**
   * Runs when preparation failed for good. Default: logs at ERROR.
   *
   * @param transaction the transaction
   * @param error the failure
   * @return a stage completing when done
   */
  @Override
  public CompletionStage<@Nullable Void> handlePrepareException(
      Transaction transaction, TransactionException error) {
    TaskSupport.logException(logger(), transaction, error);
    return CompletableFuture.completedFuture(null);
  }

  /**
   * Runs the task. Default: {@link #consumeTransactions()}.
   *
   * @return a stage completing when the task is done
   */
  public CompletionStage<@Nullable Void> execute() {
    return consumeTransactions().thenApply(r -> null);
  }

  /**
   * Runs once after {@link #execute()}, whatever happened. Default: nothing.
   *
   * @return a stage completing when done
   */
  public CompletionStage<@Nullable Void> exit() {
    return CompletableFuture.completedFuture(null);
  }

  /**
   * Consumes with the task's only consumer policy.
   *
   * @return a stage with the run report
   */
  public final CompletionStage<RunReport> consumeTransactions() {
    return consumeTransactions(TaskSupport.defaultConsumerPolicy(context()));
  }

  /**
   * Consumes with the given policy.
   *
   * @param policy the policy
   * @return a stage with the run report
   */
  public final CompletionStage<RunReport> consumeTransactions(ConsumerPolicy policy) {
    TaskContext ctx = context();
    TaskSupport.AsyncConsumerHooks<R> self = this;
    return TaskSupport.async(() -> TaskSupport.consume(ctx, TaskSupport.hooks(self), policy));
  }

  /**
   * Produces from an iterator, read lazily, with the given policy.
   *
   * @param source the transactions
   * @param policy the producer policy
   * @return a stage with the run report
   */
  public final CompletionStage<RunReport> produceTransactions(
      Iterator<Transaction> source, ProducerPolicy policy) {
    TaskContext ctx = context();
    TaskSupport.AsyncProducerHooks<P> self = this;
    return TaskSupport.async(
        () -> TaskSupport.produce(ctx, TaskSupport.hooks(self), source, policy));
  }
}
