package dev.ergon.engine;

import dev.ergon.task.AsyncConsumerTask;
import dev.ergon.transaction.Transaction;
import dev.ergon.transaction.TransactionException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import org.jspecify.annotations.Nullable;

/** An asynchronous consumer task whose phases follow a {@link Script}. */
final class AsyncScriptedConsumer extends AsyncConsumerTask<Object> {
  private final Script script;

  AsyncScriptedConsumer(Script script) {
    this.script = script;
  }

  @Override
  public CompletionStage<Object> processTransaction(Transaction transaction) {
    return CompletableFuture.supplyAsync(
        () -> {
          try {
            return script.runProcess(transaction);
          } catch (Exception e) {
            throw new CompletionException(e);
          }
        },
        task -> Thread.ofVirtual().start(task));
  }

  @Override
  public CompletionStage<@Nullable Void> handleProcessSuccess(
      Transaction transaction, Object result) {
    try {
      script.runSuccess(transaction, result);
      return CompletableFuture.completedFuture(null);
    } catch (Exception e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  @Override
  public CompletionStage<@Nullable Void> handleProcessException(
      Transaction transaction, TransactionException error) {
    try {
      script.runException(transaction, error);
      return CompletableFuture.completedFuture(null);
    } catch (Exception e) {
      return CompletableFuture.failedFuture(e);
    }
  }
}
