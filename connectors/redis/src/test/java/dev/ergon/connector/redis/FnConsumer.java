package dev.ergon.connector.redis;

import dev.ergon.task.ConsumerTask;
import dev.ergon.transaction.Transaction;
import dev.ergon.transaction.TransactionException;

/** A consumer task made of a function; its exception handler may rethrow (leaving it unhandled). */
final class FnConsumer extends ConsumerTask<String> {
  /** What the task does with a transaction. */
  @FunctionalInterface
  interface Body {
    String process(Transaction tx) throws Exception;
  }

  private final Body body;
  private final boolean handlerFails;

  FnConsumer(Body body, boolean handlerFails) {
    this.body = body;
    this.handlerFails = handlerFails;
  }

  @Override
  public String processTransaction(Transaction transaction) throws Exception {
    return body.process(transaction);
  }

  @Override
  public void handleProcessException(Transaction transaction, TransactionException error)
      throws Exception {
    if (handlerFails) {
      throw error;
    }
    super.handleProcessException(transaction, error);
  }
}
