package dev.ergon.engine;

import dev.ergon.transaction.Transaction;

/**
 * Receives the outcome of every transaction as its lifecycle ends. Called on the thread that ended
 * the lifecycle; implementations must be thread-safe and quick.
 */
@FunctionalInterface
public interface OutcomeListener {

  /** A listener that ignores everything. */
  OutcomeListener NONE = (transaction, outcome) -> {};

  /**
   * One transaction's lifecycle ended.
   *
   * @param transaction the transaction
   * @param outcome how it ended
   */
  void onOutcome(Transaction transaction, Outcome outcome);
}
