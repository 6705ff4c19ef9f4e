package dev.ergon.task;

import dev.ergon.engine.RunReport;
import dev.ergon.policy.ConsumerPolicy;
import dev.ergon.transaction.Transaction;
import dev.ergon.transaction.TransactionException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.jspecify.annotations.Nullable;

/**
 * An asynchronous consumer: like {@link ConsumerTask}, with hooks that return {@link
 * CompletionStage}s, for non-blocking clients. It runs on the same engine: a timed-out or stopped
 * stage is cancelled.
 *
 * <pre>{@code
 * public final class Enricher extends AsyncConsumerTask<String> {
 *   @Override public CompletionStage<String> processTransaction(Transaction tx) {
 *     return http.sendAsync(request(tx), BodyHandlers.ofString()).thenApply(HttpResponse::body);
 *   }
 * }
 * }</pre>
 *
 * @param <R> what processing yields
 */
public abstract non-sealed class AsyncConsumerTask<R extends @Nullable Object> extends Task
    implements TaskSupport.AsyncConsumerHooks<R> {

  /** For subclasses. */
  protected AsyncConsumerTask() {}

  /**
   * Processes one transaction.
   *
   * @param transaction the transaction
   * @return a stage with the result; a failed stage is retried per {@code process.retry}
   */
  @Override
  public abstract CompletionStage<R> processTransaction(Transaction transaction);

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
    return TaskSupport.async(() -> TaskSupport.consume(ctx, TaskSupport.hooks(this), policy));
  }
}
