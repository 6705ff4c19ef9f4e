package dev.ergon.engine.internal;

import dev.ergon.transaction.Transaction;
import java.util.List;

/**
 * Where a loop takes transactions from: a connector (consumer loop) or a lazily read iterator
 * (producer engine).
 */
interface TransactionSource {

  /** Takes up to {@code max} transactions; empty when there is nothing now. */
  List<Transaction> take(int max) throws Exception;

  /** Whether a failed take may be retried and backed off from (false for an iterator). */
  boolean retryable();
}
