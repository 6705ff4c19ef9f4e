package dev.ergon.task;

import dev.ergon.ConfigurationException;
import dev.ergon.engine.ConsumerHooks;
import dev.ergon.engine.ProducerHooks;
import dev.ergon.engine.RunReport;
import dev.ergon.engine.internal.Await;
import dev.ergon.policy.ConsumerPolicy;
import dev.ergon.policy.Policy;
import dev.ergon.policy.ProducerPolicy;
import dev.ergon.transaction.Transaction;
import dev.ergon.transaction.TransactionException;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;

/** What the six task types share: default policies, running loops, default handlers, adapters. */
final class TaskSupport {
  private TaskSupport() {}

  static ConsumerPolicy defaultConsumerPolicy(TaskContext ctx) {
    return only(
        ctx, ConsumerPolicy.class, "consumeTransactions", ConsumerPolicy.defaults("default"));
  }

  static ProducerPolicy defaultProducerPolicy(TaskContext ctx) {
    return only(
        ctx, ProducerPolicy.class, "produceTransactions", ProducerPolicy.defaults("default"));
  }

  private static <P extends Policy> P only(
      TaskContext ctx, Class<P> type, String method, P fallback) {
    List<P> found = ctx.policies().stream().filter(type::isInstance).map(type::cast).toList();
    if (found.size() > 1) {
      throw new ConfigurationException(
          "task '"
              + ctx.taskName()
              + "' has several "
              + type.getSimpleName()
              + " policies "
              + found.stream().map(Policy::name).toList()
              + "; name the one to use: "
              + method
              + "(\""
              + found.get(0).name()
              + "\")");
    }
    return found.isEmpty() ? fallback : found.get(0);
  }

  static <R extends @Nullable Object> RunReport consume(
      TaskContext ctx, ConsumerHooks<R> hooks, ConsumerPolicy policy) {
    String name = ctx.fetchConnectorName(policy.fetch().connectorName());
    return ctx.engine().consume(hooks, policy, ctx.connector(name), name);
  }

  static <P extends @Nullable Object> RunReport produce(
      TaskContext ctx, ProducerHooks<P> hooks, Iterator<Transaction> source, ProducerPolicy p) {
    return ctx.engine().produce(hooks, source, p);
  }

  static <T> CompletionStage<T> async(Callable<T> work) {
    CompletableFuture<T> f = new CompletableFuture<>();
    Thread.ofVirtual()
        .name("ergon-loop")
        .start(
            () -> {
              try {
                f.complete(work.call());
              } catch (Throwable t) {
                f.completeExceptionally(t);
              }
            });
    return f;
  }

  static void logSuccess(Logger log, Transaction tx) {
    log.debug("SUCCESS → {}", tx.id());
  }

  static void logException(Logger log, Transaction tx, TransactionException error) {
    log.error("EXCEPTION → {}: {}", tx.id(), error.toString());
  }

  static <R extends @Nullable Object> ConsumerHooks<R> hooks(AsyncConsumerHooks<R> t) {
    return new ConsumerHooks<>() {
      @Override
      public R processTransaction(Transaction tx) throws Exception {
        return Await.await(t.processTransaction(tx));
      }

      @Override
      public void handleProcessSuccess(Transaction tx, R result) throws Exception {
        Await.await(t.handleProcessSuccess(tx, result));
      }

      @Override
      public void handleProcessException(Transaction tx, TransactionException error)
          throws Exception {
        Await.await(t.handleProcessException(tx, error));
      }
    };
  }

  static <P extends @Nullable Object> ProducerHooks<P> hooks(AsyncProducerHooks<P> t) {
    return new ProducerHooks<>() {
      @Override
      public P prepareTransaction(Transaction tx) throws Exception {
        return Await.await(t.prepareTransaction(tx));
      }

      @Override
      public void handlePrepareSuccess(Transaction tx, P result) throws Exception {
        Await.await(t.handlePrepareSuccess(tx, result));
      }

      @Override
      public void handlePrepareException(Transaction tx, TransactionException error)
          throws Exception {
        Await.await(t.handlePrepareException(tx, error));
      }
    };
  }

  /** The consumer hooks of the asynchronous task types. */
  interface AsyncConsumerHooks<R extends @Nullable Object> {
    CompletionStage<R> processTransaction(Transaction tx);

    CompletionStage<@Nullable Void> handleProcessSuccess(Transaction tx, R result);

    CompletionStage<@Nullable Void> handleProcessException(
        Transaction tx, TransactionException error);
  }

  /** The producer hooks of the asynchronous task types. */
  interface AsyncProducerHooks<P extends @Nullable Object> {
    CompletionStage<P> prepareTransaction(Transaction tx);

    CompletionStage<@Nullable Void> handlePrepareSuccess(Transaction tx, P result);

    CompletionStage<@Nullable Void> handlePrepareException(
        Transaction tx, TransactionException error);
  }
}
