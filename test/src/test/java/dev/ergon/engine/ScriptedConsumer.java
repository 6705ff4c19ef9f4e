package dev.ergon.engine;

import dev.ergon.task.ConsumerTask;
import dev.ergon.transaction.Transaction;
import dev.ergon.transaction.TransactionException;

/** A blocking consumer task whose phases follow a {@link Script}. */
final class ScriptedConsumer extends ConsumerTask<Object> {
  private final Script script;

  ScriptedConsumer(Script script) {
    this.script = script;
  }

  @Override
  public Object processTransaction(Transaction transaction) throws Exception {
    return script.runProcess(transaction);
  }

  @Override
  public void handleProcessSuccess(Transaction transaction, Object result) throws Exception {
    script.runSuccess(transaction, result);
  }

  @Override
  public void handleProcessException(Transaction transaction, TransactionException error)
      throws Exception {
    script.runException(transaction, error);
  }
}
