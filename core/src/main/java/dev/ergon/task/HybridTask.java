package dev.ergon.task;

import dev.ergon.engine.ConsumerHooks;
import dev.ergon.engine.ProducerHooks;
import dev.ergon.engine.RunReport;
import dev.ergon.policy.ConsumerPolicy;
import dev.ergon.policy.ProducerPolicy;
import dev.ergon.transaction.Transaction;
import dev.ergon.transaction.TransactionException;
import java.util.Iterator;
import org.jspecify.annotations.Nullable;

/**
 * A blocking task that both consumes and produces: typically it processes an inbound transaction
 * and produces or dispatches outbound ones from its success handler. {@link #execute()} consumes by
 * default, like a {@link ConsumerTask}.
 *
 * @param <R> what processing returns
 * @param <P> what preparing returns
 */
public abstract non-sealed class HybridTask<R extends @Nullable Object, P extends @Nullable Object>
    extends Task implements ConsumerHooks<R>, ProducerHooks<P> {

  /** For subclasses. */
  protected HybridTask() {}

  /** Default: logs at DEBUG. */
  @Override
  public void handleProcessSuccess(Transaction transaction, R result) throws Exception {
    TaskSupport.logSuccess(logger(), transaction);
  }

  /** Default: logs at ERROR. */
  @Override
  public void handleProcessException(Transaction transaction, TransactionException error)
      throws Exception {
    TaskSupport.logException(logger(), transaction, error);
  }

  /** Default: logs at DEBUG. */
  @Override
  public void handlePrepareSuccess(Transaction transaction, P result) throws Exception {
    TaskSupport.logSuccess(logger(), transaction);
  }

  /** Default: logs at ERROR. */
  @Override
  public void handlePrepareException(Transaction transaction, TransactionException error)
      throws Exception {
    TaskSupport.logException(logger(), transaction, error);
  }

  /**
   * Runs the task. Default: {@link #consumeTransactions()}.
   *
   * @throws Exception any failure; the runner reports it
   */
  public void execute() throws Exception {
    consumeTransactions();
  }

  /**
   * Runs once after {@link #execute()}, whatever happened. Default: nothing.
   *
   * @throws Exception any failure; logged by the runner
   */
  public void exit() throws Exception {}

  /**
   * Consumes with the task's only consumer policy.
   *
   * @return the run report
   */
  public final RunReport consumeTransactions() {
    return consumeTransactions(TaskSupport.defaultConsumerPolicy(context()));
  }

  /**
   * Consumes with the given policy.
   *
   * @param policy the policy
   * @return the run report
   */
  public final RunReport consumeTransactions(ConsumerPolicy policy) {
    ConsumerHooks<R> hooks = this;
    return TaskSupport.consume(context(), hooks, policy);
  }

  /**
   * Produces from an iterator, read lazily, with the task's only producer policy.
   *
   * @param source the transactions
   * @return the run report
   */
  public final RunReport produceTransactions(Iterator<Transaction> source) {
    return produceTransactions(source, TaskSupport.defaultProducerPolicy(context()));
  }

  /**
   * Produces from an iterator, read lazily, with the given policy.
   *
   * @param source the transactions
   * @param policy the producer policy
   * @return the run report
   */
  public final RunReport produceTransactions(Iterator<Transaction> source, ProducerPolicy policy) {
    ProducerHooks<P> hooks = this;
    return TaskSupport.produce(context(), hooks, source, policy);
  }
}
