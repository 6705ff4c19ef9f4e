package dev.ergon.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ergon.connector.AsyncConnector;
import dev.ergon.engine.Outcome.Disposition;
import dev.ergon.policy.ConsumerPolicy;
import dev.ergon.policy.ProducerPolicy;
import dev.ergon.policy.RetryPolicy;
import dev.ergon.task.AsyncConsumerTask;
import dev.ergon.task.AsyncHybridTask;
import dev.ergon.task.AsyncProducerTask;
import dev.ergon.task.HybridTask;
import dev.ergon.test.AsyncInMemoryConnector;
import dev.ergon.test.HarnessRun;
import dev.ergon.test.InMemoryConnector;
import dev.ergon.test.Settlement;
import dev.ergon.test.TaskHarness;
import dev.ergon.transaction.Transaction;
import dev.ergon.transaction.TransactionException;
import dev.ergon.transaction.TransactionException.Category;
import dev.ergon.transaction.TransactionTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/**
 * Behaviour of the asynchronous task types and of hybrids (behaviour.md §2, §3, §6): the same
 * lifecycle as blocking tasks, with stages awaited, retried, timed out and cancelled.
 */
class AsyncTaskTest {
  private static final Executor VIRTUAL = r -> Thread.ofVirtual().start(r);

  private final InMemoryConnector input = new InMemoryConnector();
  private final InMemoryConnector output = new InMemoryConnector();

  private static CompletionStage<@Nullable Void> done() {
    return CompletableFuture.completedFuture(null);
  }

  /** An asynchronous consumer whose stages the test supplies, recording every call. */
  static final class AsyncScriptedConsumer extends AsyncConsumerTask<Object> {
    volatile Function<Transaction, CompletionStage<Object>> process =
        tx -> CompletableFuture.supplyAsync(() -> "done:" + tx.id(), VIRTUAL);
    volatile BiFunction<Transaction, TransactionException, CompletionStage<@Nullable Void>>
        exception = (tx, e) -> done();
    volatile Supplier<CompletionStage<@Nullable Void>> exit = AsyncTaskTest::done;
    final Map<String, AtomicInteger> processCalls = new ConcurrentHashMap<>();
    final List<CompletableFuture<?>> stages = new CopyOnWriteArrayList<>();
    final List<Object> successes = new CopyOnWriteArrayList<>();
    final List<TransactionException> errors = new CopyOnWriteArrayList<>();

    int processCalls(String id) {
      AtomicInteger n = processCalls.get(id);
      return n == null ? 0 : n.get();
    }

    @Override
    public CompletionStage<Object> processTransaction(Transaction transaction) {
      processCalls.computeIfAbsent(transaction.id(), k -> new AtomicInteger()).incrementAndGet();
      CompletionStage<Object> stage = process.apply(transaction);
      stages.add(stage.toCompletableFuture());
      return stage;
    }

    @Override
    public CompletionStage<@Nullable Void> handleProcessSuccess(
        Transaction transaction, Object result) {
      successes.add(result);
      return done();
    }

    @Override
    public CompletionStage<@Nullable Void> handleProcessException(
        Transaction transaction, TransactionException error) {
      errors.add(error);
      return exception.apply(transaction, error);
    }

    @Override
    public CompletionStage<@Nullable Void> exit() {
      return exit.get();
    }
  }

  private HarnessRun consume(AsyncScriptedConsumer task, ConsumerPolicy policy, int count) {
    for (int i = 0; i < count; i++) {
      input.add(Transaction.of("tx-" + i, i));
    }
    return TaskHarness.of(() -> task).connector("input", input).policy(policy).run();
  }

  private static ConsumerPolicy.Builder consumer() {
    return ConsumerPolicy.builder("consumer");
  }

  @Test
  void anAsyncConsumerProcessesEveryTransactionAndAcknowledgesIt() {
    AsyncScriptedConsumer task = new AsyncScriptedConsumer();

    HarnessRun run = consume(task, consumer().concurrency(2).build(), 3);

    assertThat(run.outcomes())
        .hasSize(3)
        .allSatisfy(
            (id, o) ->
                assertThat(o).isEqualTo(new Outcome.Succeeded(id, 0, Disposition.ACKNOWLEDGED)));
    assertThat(task.successes).containsExactlyInAnyOrder("done:tx-0", "done:tx-1", "done:tx-2");
    assertThat(input.acknowledged()).hasSize(3);
    assertThat(task.errors).isEmpty();
  }

  @Test
  void aFailedStageIsRetriedPerProcessRetry() {
    AsyncScriptedConsumer task = new AsyncScriptedConsumer();
    task.process =
        tx ->
            task.processCalls(tx.id()) < 3
                ? CompletableFuture.failedFuture(new IllegalStateException("flaky"))
                : CompletableFuture.completedFuture("third time");

    HarnessRun run =
        consume(
            task, consumer().processRetry(RetryPolicy.builder().maxAttempts(3).build()).build(), 1);

    assertThat(task.processCalls("tx-0")).isEqualTo(3);
    assertThat(run.outcome("tx-0"))
        .isEqualTo(new Outcome.Succeeded("tx-0", 2, Disposition.ACKNOWLEDGED));
    assertThat(task.successes).containsExactly("third time");
  }

  @Test
  void aStageThatNeverCompletesTimesOutAndIsCancelled() {
    AsyncScriptedConsumer task = new AsyncScriptedConsumer();
    task.process = tx -> new CompletableFuture<>();

    HarnessRun run = consume(task, consumer().runtimeTimeout(Duration.ofMillis(300)).build(), 1);

    assertThat(run.outcome("tx-0"))
        .isInstanceOfSatisfying(
            Outcome.TimedOut.class,
            o -> {
              assertThat(o.handled()).isTrue();
              assertThat(o.disposition()).isEqualTo(Disposition.ACKNOWLEDGED);
            });
    assertThat(task.errors).singleElement().isInstanceOf(TransactionTimeoutException.class);
    assertThat(task.stages).hasSize(1);
    await().atMost(Duration.ofSeconds(10)).until(() -> task.stages.get(0).isCancelled());
    assertThat(input.settlementLog()).containsExactly(Settlement.acknowledged("tx-0"));
  }

  @Test
  void theRuntimeTimeoutCancelsAStageWhoseAttemptRunsUnderItsOwnLongerTimeout() {
    AsyncScriptedConsumer task = new AsyncScriptedConsumer();
    task.process = tx -> new CompletableFuture<>();
    RetryPolicy retry = RetryPolicy.builder().timeout(Duration.ofSeconds(30)).build();

    HarnessRun run =
        consume(
            task, consumer().processRetry(retry).runtimeTimeout(Duration.ofMillis(300)).build(), 1);

    assertThat(run.outcome("tx-0")).isInstanceOf(Outcome.TimedOut.class);
    assertThat(task.errors).singleElement().isInstanceOf(TransactionTimeoutException.class);
    await().atMost(Duration.ofSeconds(10)).until(() -> task.stages.get(0).isCancelled());
  }

  @Test
  void anAttemptTimeoutOnANeverCompletingStageIsHandledAsATimeout() {
    AsyncScriptedConsumer task = new AsyncScriptedConsumer();
    task.process = tx -> new CompletableFuture<>();
    RetryPolicy retry =
        RetryPolicy.builder().maxAttempts(2).timeout(Duration.ofMillis(200)).build();

    HarnessRun run = consume(task, consumer().processRetry(retry).build(), 1);

    assertThat(task.processCalls("tx-0")).isEqualTo(2);
    assertThat(task.errors)
        .singleElement()
        .extracting(TransactionException::category)
        .isEqualTo(Category.TIMEOUT);
    assertThat(run.outcome("tx-0")).isInstanceOf(Outcome.FailedHandled.class);
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> task.stages.stream().allMatch(CompletableFuture::isCancelled));
  }

  @Test
  void aFailingAsyncExceptionHandlerDeadLettersTheTransaction() {
    AsyncScriptedConsumer task = new AsyncScriptedConsumer();
    task.process = tx -> CompletableFuture.failedFuture(new IllegalStateException("boom"));
    task.exception =
        (tx, e) ->
            CompletableFuture.supplyAsync(
                () -> {
                  throw new IllegalStateException("handler broken");
                },
                VIRTUAL);

    HarnessRun run = consume(task, consumer().build(), 1);

    assertThat(run.outcome("tx-0"))
        .isInstanceOfSatisfying(
            Outcome.FailedUnhandled.class,
            o -> {
              assertThat(o.disposition()).isEqualTo(Disposition.DEAD_LETTERED);
              assertThat(o.handlerError()).hasMessage("handler broken");
              assertThat(o.error().category()).isEqualTo(Category.SYSTEM);
            });
    assertThat(input.deadLettered()).extracting(Transaction::id).containsExactly("tx-0");
  }

  /** Counts settlement calls that reach an asynchronous connector. */
  static final class CountingAsyncConnector implements AsyncConnector {
    final AsyncInMemoryConnector delegate;
    final AtomicInteger acknowledgements = new AtomicInteger();

    CountingAsyncConnector(AsyncInMemoryConnector delegate) {
      this.delegate = delegate;
    }

    @Override
    public CompletionStage<List<Transaction>> fetchTransactions(int batchSize) {
      return delegate.fetchTransactions(batchSize);
    }

    @Override
    public CompletionStage<Void> dispatchTransactions(List<Transaction> transactions) {
      return delegate.dispatchTransactions(transactions);
    }

    @Override
    public CompletionStage<Void> acknowledge(Transaction transaction) {
      acknowledgements.incrementAndGet();
      return delegate.acknowledge(transaction);
    }

    @Override
    public CompletionStage<Void> reject(Transaction transaction, boolean requeue) {
      return delegate.reject(transaction, requeue);
    }

    @Override
    public boolean supportsDeadLetter() {
      return delegate.supportsDeadLetter();
    }

    @Override
    public void close() {
      delegate.close();
    }
  }

  @Test
  void anAsyncConsumerSettlesThroughAnAsyncSourceConnector() {
    input.add(Transaction.of("a", 1), Transaction.of("b", 2));
    CountingAsyncConnector source = new CountingAsyncConnector(new AsyncInMemoryConnector(input));
    AsyncScriptedConsumer task = new AsyncScriptedConsumer();

    HarnessRun run =
        TaskHarness.of(() -> task)
            .asyncConnector("input", source)
            .policy(consumer().batchSize(2).build())
            .run();

    assertThat(run.outcomes()).containsOnlyKeys("a", "b");
    assertThat(source.acknowledgements.get()).isEqualTo(2);
    assertThat(input.settlementLog())
        .containsExactlyInAnyOrder(Settlement.acknowledged("a"), Settlement.acknowledged("b"));
    assertThat(input.isClosed()).isTrue();
  }

  @Test
  void theDefaultExecuteOfAnAsyncConsumerConsumesWithItsOnlyConsumerPolicy() {
    AsyncScriptedConsumer task = new AsyncScriptedConsumer();

    HarnessRun run = consume(task, ConsumerPolicy.builder("only").limit(2).build(), 3);

    assertThat(run.report().policy()).isEqualTo("only");
    assertThat(run.report().fetched()).isEqualTo(2);
    assertThat(run.report().endReason()).isEqualTo(EndReason.LIMIT_REACHED);
    assertThat(input.ready()).extracting(Transaction::id).containsExactly("tx-2");
  }

  @Test
  void theWorkerAwaitsTheExitStageAfterExecute() {
    AsyncScriptedConsumer task = new AsyncScriptedConsumer();
    AtomicBoolean exitRan = new AtomicBoolean();
    AtomicInteger acknowledgedAtExit = new AtomicInteger(-1);
    task.exit =
        () ->
            CompletableFuture.runAsync(
                () -> {
                  acknowledgedAtExit.set(input.acknowledged().size());
                  exitRan.set(true);
                },
                CompletableFuture.delayedExecutor(200, TimeUnit.MILLISECONDS, VIRTUAL));

    consume(task, consumer().build(), 2);

    // no waiting here: the worker must have awaited the exit stage before returning
    assertThat(exitRan).isTrue();
    assertThat(acknowledgedAtExit.get()).isEqualTo(2);
  }

  /** An asynchronous producer that dispatches what it prepares to {@code output}. */
  static final class AsyncDispatcher extends AsyncProducerTask<String> {
    final CountingIterator source;
    final List<String> prepared = new CopyOnWriteArrayList<>();

    AsyncDispatcher(CountingIterator source) {
      this.source = source;
    }

    @Override
    public CompletionStage<@Nullable Void> execute() {
      return produceTransactions(source, producerPolicy("producer")).thenApply(r -> null);
    }

    @Override
    public CompletionStage<String> prepareTransaction(Transaction transaction) {
      prepared.add(transaction.id());
      return asyncConnector("output")
          .dispatchTransactions(List.of(transaction))
          .thenApply(v -> transaction.id());
    }
  }

  @Test
  void anAsyncProducerProducesUpToItsLimit() {
    CountingIterator source = CountingIterator.of(10);
    AsyncDispatcher task = new AsyncDispatcher(source);

    HarnessRun run =
        TaskHarness.of(() -> task)
            .connector("output", output)
            .policy(ProducerPolicy.builder("producer").limit(3).concurrency(2).build())
            .run();

    assertThat(task.prepared).containsExactlyInAnyOrder("tx-0", "tx-1", "tx-2");
    assertThat(source.nextCalls()).isEqualTo(3);
    assertThat(output.dispatched())
        .extracting(Transaction::id)
        .containsExactlyInAnyOrder("tx-0", "tx-1", "tx-2");
    assertThat(run.report().succeeded()).isEqualTo(3);
    assertThat(run.report().endReason()).isEqualTo(EndReason.LIMIT_REACHED);
  }

  /** Consumes from {@code input} and, from its success handler, produces one outbound each. */
  static final class AsyncRelay extends AsyncHybridTask<String, String> {
    @Override
    public CompletionStage<String> processTransaction(Transaction transaction) {
      return CompletableFuture.supplyAsync(() -> "out-" + transaction.id(), VIRTUAL);
    }

    @Override
    public CompletionStage<@Nullable Void> handleProcessSuccess(
        Transaction transaction, String outboundId) {
      Transaction outbound = Transaction.of(outboundId, transaction.payload());
      return produceTransactions(List.of(outbound).iterator(), producerPolicy("producer"))
          .thenApply(r -> null);
    }

    @Override
    public CompletionStage<String> prepareTransaction(Transaction transaction) {
      return asyncConnector("output")
          .dispatchTransactions(List.of(transaction))
          .thenApply(v -> transaction.id());
    }
  }

  /** The blocking twin of {@link AsyncRelay}. */
  static final class Relay extends HybridTask<String, String> {
    @Override
    public String processTransaction(Transaction transaction) {
      return "out-" + transaction.id();
    }

    @Override
    public void handleProcessSuccess(Transaction transaction, String outboundId) {
      produceTransactions(List.of(Transaction.of(outboundId, transaction.payload())).iterator());
    }

    @Override
    public String prepareTransaction(Transaction transaction) throws Exception {
      connector("output").dispatchTransactions(List.of(transaction));
      return transaction.id();
    }
  }

  private HarnessRun relay(Supplier<? extends dev.ergon.task.Task> task) {
    input.add(Transaction.of("a", 1), Transaction.of("b", 2), Transaction.of("c", 3));
    return TaskHarness.of(task)
        .connector("input", input)
        .connector("output", output)
        .policy(
            consumer().fetchConnector("input").concurrency(2).batchSize(3).build(),
            ProducerPolicy.builder("producer").build())
        .run();
  }

  private void assertRelayed(HarnessRun run) {
    assertThat(output.dispatched())
        .extracting(Transaction::id)
        .containsExactlyInAnyOrder("out-a", "out-b", "out-c");
    assertThat(input.settlementLog())
        .containsExactlyInAnyOrder(
            Settlement.acknowledged("a"),
            Settlement.acknowledged("b"),
            Settlement.acknowledged("c"));
    assertThat(run.outcomes())
        .containsOnlyKeys("a", "b", "c", "out-a", "out-b", "out-c")
        .allSatisfy((id, o) -> assertThat(o).isInstanceOf(Outcome.Succeeded.class));
    assertThat(run.result().reports())
        .extracting(RunReport::policy)
        .containsExactlyInAnyOrder("consumer", "producer", "producer", "producer");
  }

  @Test
  void anAsyncHybridProducesOutboundTransactionsFromItsSuccessHandler() {
    assertRelayed(relay(AsyncRelay::new));
  }

  @Test
  void aBlockingHybridProducesOutboundTransactionsFromItsSuccessHandler() {
    assertRelayed(relay(Relay::new));
  }
}
