package dev.ergon.task;

import dev.ergon.engine.RunReport;
import dev.ergon.policy.ProducerPolicy;
import dev.ergon.transaction.Transaction;
import dev.ergon.transaction.TransactionException;
import java.util.Iterator;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.jspecify.annotations.Nullable;

/**
 * An asynchronous producer: like {@link ProducerTask}, with hooks that return {@link
 * CompletionStage}s. {@link #execute()} supplies what to produce.
 *
 * @param <P> what preparing yields
 */
public abstract non-sealed class AsyncProducerTask<P extends @Nullable Object> extends Task
    implements TaskSupport.AsyncProducerHooks<P> {

  /** For subclasses. */
  protected AsyncProducerTask() {}

  /**
   * Prepares one transaction.
   *
   * @param transaction the transaction
   * @return a stage with the result; a failed stage is retried per {@code prepare.retry}
   */
  @Override
  public abstract CompletionStage<P> prepareTransaction(Transaction transaction);

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
   * Runs the task: supplies what to produce.
   *
   * @return a stage completing when the task is done
   */
  public abstract CompletionStage<@Nullable Void> execute();

  /**
   * Runs once after {@link #execute()}, whatever happened. Default: nothing.
   *
   * @return a stage completing when done
   */
  public CompletionStage<@Nullable Void> exit() {
    return CompletableFuture.completedFuture(null);
  }

  /**
   * Produces from an iterable, read lazily, with the task's only producer policy.
   *
   * @param source the transactions
   * @return a stage with the run report
   */
  public final CompletionStage<RunReport> produceTransactions(Iterable<Transaction> source) {
    return produceTransactions(source.iterator(), TaskSupport.defaultProducerPolicy(context()));
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
    return TaskSupport.async(
        () -> TaskSupport.produce(ctx, TaskSupport.hooks(this), source, policy));
  }
}
