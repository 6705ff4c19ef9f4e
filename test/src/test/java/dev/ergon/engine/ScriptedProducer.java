package dev.ergon.engine;

import dev.ergon.connector.Connector;
import dev.ergon.task.ProducerTask;
import dev.ergon.transaction.Transaction;
import dev.ergon.transaction.TransactionException;

/**
 * A blocking producer task whose phases follow a {@link Script} (prepare is the script's process
 * step) and whose {@code execute()} runs a body given by the test, which usually calls one of the
 * {@code produceTransactions} methods.
 */
final class ScriptedProducer extends ProducerTask<Object> {
  /** What {@code execute()} does. */
  interface Body {
    void run(ScriptedProducer task) throws Exception;
  }

  private final Script script;
  private final Body body;

  ScriptedProducer(Script script, Body body) {
    this.script = script;
    this.body = body;
  }

  /** The task's {@code output} connector, reached through its context. */
  Connector output() {
    return connector("output");
  }

  @Override
  public void execute() throws Exception {
    body.run(this);
  }

  @Override
  public Object prepareTransaction(Transaction transaction) throws Exception {
    return script.runProcess(transaction);
  }

  @Override
  public void handlePrepareSuccess(Transaction transaction, Object result) throws Exception {
    script.runSuccess(transaction, result);
  }

  @Override
  public void handlePrepareException(Transaction transaction, TransactionException error)
      throws Exception {
    script.runException(transaction, error);
  }
}
