package dev.ergon.task;

import dev.ergon.engine.ConsumerHooks;
import dev.ergon.engine.RunReport;
import dev.ergon.policy.ConsumerPolicy;
import dev.ergon.transaction.Transaction;
import dev.ergon.transaction.TransactionException;
import org.jspecify.annotations.Nullable;

/**
 * A blocking consumer: takes transactions from a connector and processes them. Implement {@link
 * #processTransaction}; override the handlers as needed. {@link #execute()} is optional: by default
 * it consumes with the task's only consumer policy (or the default policy when there is none).
 *
 * <pre>{@code
 * public final class OrderProcessor extends ConsumerTask<Receipt> {
 *   @Override public Receipt processTransaction(Transaction tx) {
 *     Order order = tx.payload(Order.class);
 *     return new Receipt(order.id(), order.quantity() * order.unitPrice());
 *   }
 *   @Override public void handleProcessSuccess(Transaction tx, Receipt receipt) throws Exception {
 *     connector("output").dispatchTransactions(List.of(Transaction.of(receipt)));
 *   }
 * }
 * }</pre>
 *
 * <p>Hooks run concurrently on up to {@code loop.concurrency.value} threads, so they must be
 * thread-safe.
 *
 * @param <R> what processing returns
 */
public abstract non-sealed class ConsumerTask<R extends @Nullable Object> extends Task
    implements ConsumerHooks<R> {

  /** For subclasses. */
  protected ConsumerTask() {}

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
   * Consumes with the task's only consumer policy (the default policy when there is none).
   *
   * @return the run report
   */
  public final RunReport consumeTransactions() {
    return consumeTransactions(TaskSupport.defaultConsumerPolicy(context()));
  }

  /**
   * Consumes with the named consumer policy.
   *
   * @param policyName the policy's name
   * @return the run report
   */
  public final RunReport consumeTransactions(String policyName) {
    return consumeTransactions(consumerPolicy(policyName));
  }

  /**
   * Consumes with the given policy.
   *
   * @param policy the policy
   * @return the run report
   */
  public final RunReport consumeTransactions(ConsumerPolicy policy) {
    return TaskSupport.consume(context(), this, policy);
  }
}
