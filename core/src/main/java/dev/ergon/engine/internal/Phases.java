package dev.ergon.engine.internal;

import dev.ergon.engine.ConsumerHooks;
import dev.ergon.engine.ProducerHooks;
import dev.ergon.transaction.Transaction;
import dev.ergon.transaction.TransactionException;
import org.jspecify.annotations.Nullable;

/**
 * The three phases of one lifecycle, whatever the task shape: a first phase (process or prepare), a
 * success handler and an exception handler. Consumer and producer hooks both map onto it, so there
 * is one lifecycle implementation.
 *
 * @param <R> what the first phase returns
 */
public interface Phases<R extends @Nullable Object> {

  /**
   * The name of the first phase, for logs: {@code process} or {@code prepare}.
   *
   * @return the phase name
   */
  String firstPhaseName();

  /**
   * Runs the first phase.
   *
   * @param tx the transaction
   * @return the result
   * @throws Exception any failure
   */
  R first(Transaction tx) throws Exception;

  /**
   * Runs the success handler.
   *
   * @param tx the transaction
   * @param result the first phase's result
   * @throws Exception any failure
   */
  void success(Transaction tx, R result) throws Exception;

  /**
   * Runs the exception handler.
   *
   * @param tx the transaction
   * @param error the failure
   * @throws Exception any failure
   */
  void failure(Transaction tx, TransactionException error) throws Exception;

  /**
   * The consumer phases of {@code hooks}.
   *
   * @param hooks the consumer hooks
   * @param <R> the process result type
   * @return the phases
   */
  static <R extends @Nullable Object> Phases<R> of(ConsumerHooks<R> hooks) {
    return new Phases<>() {
      @Override
      public String firstPhaseName() {
        return "process";
      }

      @Override
      public R first(Transaction tx) throws Exception {
        return hooks.processTransaction(tx);
      }

      @Override
      public void success(Transaction tx, R result) throws Exception {
        hooks.handleProcessSuccess(tx, result);
      }

      @Override
      public void failure(Transaction tx, TransactionException error) throws Exception {
        hooks.handleProcessException(tx, error);
      }
    };
  }

  /**
   * The producer phases of {@code hooks}.
   *
   * @param hooks the producer hooks
   * @param <P> the prepare result type
   * @return the phases
   */
  static <P extends @Nullable Object> Phases<P> of(ProducerHooks<P> hooks) {
    return new Phases<>() {
      @Override
      public String firstPhaseName() {
        return "prepare";
      }

      @Override
      public P first(Transaction tx) throws Exception {
        return hooks.prepareTransaction(tx);
      }

      @Override
      public void success(Transaction tx, P result) throws Exception {
        hooks.handlePrepareSuccess(tx, result);
      }

      @Override
      public void failure(Transaction tx, TransactionException error) throws Exception {
        hooks.handlePrepareException(tx, error);
      }
    };
  }
}
