package dev.ergon.task;

import dev.ergon.engine.ProducerHooks;
import dev.ergon.engine.RunReport;
import dev.ergon.policy.ProducerPolicy;
import dev.ergon.transaction.Transaction;
import dev.ergon.transaction.TransactionException;
import java.util.Iterator;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * A blocking producer: runs the prepare lifecycle over transactions it supplies, typically
 * dispatching them through a connector. {@link #execute()} supplies what to produce; a list, an
 * iterator or a stream, read lazily a batch at a time so a large source never sits in memory.
 *
 * <pre>{@code
 * public final class OrderFeeder extends ProducerTask<Void> {
 *   @Override public void execute() {
 *     produceTransactions(IntStream.range(0, 1_000).mapToObj(i -> Transaction.of(new Order(i))));
 *   }
 *   @Override public Void prepareTransaction(Transaction tx) throws Exception {
 *     connector("orders").dispatchTransactions(List.of(tx));
 *     return null;
 *   }
 * }
 * }</pre>
 *
 * @param <P> what preparing returns
 */
public abstract non-sealed class ProducerTask<P extends @Nullable Object> extends Task
    implements ProducerHooks<P> {

  /** For subclasses. */
  protected ProducerTask() {}

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
   * Runs the task: supplies what to produce to one of the {@code produceTransactions} methods.
   *
   * @throws Exception any failure; the runner reports it
   */
  public abstract void execute() throws Exception;

  /**
   * Runs once after {@link #execute()}, whatever happened. Default: nothing.
   *
   * @throws Exception any failure; logged by the runner
   */
  public void exit() throws Exception {}

  /**
   * Produces from a list or any iterable, with the task's only producer policy.
   *
   * @param source the transactions
   * @return the run report
   */
  public final RunReport produceTransactions(Iterable<Transaction> source) {
    return produceTransactions(source.iterator());
  }

  /**
   * Produces from a stream, read lazily, and closes it.
   *
   * @param source the transactions
   * @return the run report
   */
  public final RunReport produceTransactions(Stream<Transaction> source) {
    try (source) {
      return produceTransactions(source.iterator());
    }
  }

  /**
   * Produces from an iterator, read lazily.
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
    return TaskSupport.produce(context(), this, source, policy);
  }
}
