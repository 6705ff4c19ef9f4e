package dev.ergon.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ergon.engine.Outcome.Disposition;
import dev.ergon.policy.ProducerPolicy;
import dev.ergon.policy.RetryPolicy;
import dev.ergon.retry.AttemptTimeoutException;
import dev.ergon.test.HarnessRun;
import dev.ergon.test.InMemoryConnector;
import dev.ergon.test.TaskHarness;
import dev.ergon.transaction.Transaction;
import dev.ergon.transaction.TransactionException;
import dev.ergon.transaction.TransactionException.Category;
import dev.ergon.transaction.TransactionTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Behaviour of producers (behaviour.md §6; the original's acceptance items 37 and 38). */
class ProducerTest {
  private final Script script = new Script();
  private final InMemoryConnector output = new InMemoryConnector();
  private final CountDownLatch release = new CountDownLatch(1);
  private final AtomicReference<ScriptedProducer> task = new AtomicReference<>();

  @AfterEach
  void releaseBlockedThreads() {
    release.countDown();
  }

  private HarnessRun run(ProducerPolicy policy, ScriptedProducer.Body body) {
    return TaskHarness.of(
            () -> {
              ScriptedProducer t = new ScriptedProducer(script, body);
              task.set(t);
              return t;
            })
        .connector("output", output)
        .policy(policy)
        .run();
  }

  private static ProducerPolicy.Builder policy() {
    return ProducerPolicy.builder("producer");
  }

  private static List<Transaction> txs(int n) {
    return IntStream.range(0, n).mapToObj(CountingIterator::tx).toList();
  }

  @Test
  void preparesEveryTransactionAndRunsTheSuccessHandlerDispatchingToTheSink() {
    script.process(
        tx -> {
          task.get().output().dispatchTransactions(List.of(tx));
          return "sent:" + tx.id();
        });
    List<Object> handled = new CopyOnWriteArrayList<>();
    script.success((tx, result) -> handled.add(result));

    HarnessRun run = run(policy().build(), t -> t.produceTransactions(txs(3)));

    assertThat(output.dispatched())
        .extracting(Transaction::id)
        .containsExactly("tx-0", "tx-1", "tx-2");
    assertThat(handled).containsExactly("sent:tx-0", "sent:tx-1", "sent:tx-2");
    assertThat(run.outcome("tx-1")).isEqualTo(new Outcome.Succeeded("tx-1", 0, Disposition.NONE));
    assertThat(script.exceptions).isEmpty();
    assertThat(run.report().succeeded()).isEqualTo(3);
    assertThat(run.report().endReason()).isEqualTo(EndReason.DRAINED);
  }

  @Test
  void aPrepareFailureReachesTheExceptionHandlerAsASystemError() {
    IllegalStateException boom = new IllegalStateException("cannot prepare");
    script.process(
        tx -> {
          throw boom;
        });

    HarnessRun run = run(policy().build(), t -> t.produceTransactions(txs(1)));

    assertThat(script.exceptions)
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.category()).isEqualTo(Category.SYSTEM);
              assertThat(e.transactionId()).contains("tx-0");
              assertThat(e.getCause()).isSameAs(boom);
            });
    assertThat(run.outcome("tx-0"))
        .isInstanceOfSatisfying(
            Outcome.FailedHandled.class,
            o -> assertThat(o.disposition()).isEqualTo(Disposition.NONE));
    assertThat(script.successCalls("tx-0")).isZero();
  }

  @Test
  void aPrepareAttemptThatOutlivesItsTimeoutReachesTheExceptionHandlerAsATimeout() {
    script.process(
        tx -> {
          release.await();
          return "late";
        });
    RetryPolicy retry =
        RetryPolicy.builder().maxAttempts(2).timeout(Duration.ofMillis(200)).build();

    HarnessRun run = run(policy().prepareRetry(retry).build(), t -> t.produceTransactions(txs(1)));

    assertThat(script.processCalls("tx-0")).isEqualTo(2);
    assertThat(script.exceptions)
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.category()).isEqualTo(Category.TIMEOUT);
              assertThat(e.getCause()).isInstanceOf(AttemptTimeoutException.class);
            });
    assertThat(run.outcome("tx-0")).isInstanceOf(Outcome.FailedHandled.class);
  }

  @Test
  void theRuntimeTimeoutOfAStuckPrepareReachesTheExceptionHandler() {
    AtomicBoolean interrupted = new AtomicBoolean();
    script.process(
        tx -> {
          try {
            release.await();
          } catch (InterruptedException e) {
            interrupted.set(true);
            throw e;
          }
          return "never";
        });
    long started = System.nanoTime();

    HarnessRun run =
        run(
            policy().runtimeTimeout(Duration.ofMillis(300)).build(),
            t -> t.produceTransactions(txs(1)));

    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
    assertThat(script.exceptions)
        .singleElement()
        .isInstanceOf(TransactionTimeoutException.class)
        .satisfies(
            e -> {
              assertThat(e.category()).isEqualTo(Category.TIMEOUT);
              assertThat(e.transactionId()).contains("tx-0");
            });
    assertThat(run.outcome("tx-0"))
        .isInstanceOfSatisfying(
            Outcome.TimedOut.class,
            o -> {
              assertThat(o.handled()).isTrue();
              assertThat(o.disposition()).isEqualTo(Disposition.NONE);
            });
    assertThat(run.report().timedOut()).isEqualTo(1);
    await().atMost(Duration.ofSeconds(10)).untilTrue(interrupted);
  }

  @Test
  void aFailingSuccessHandlerFallsBackToTheExceptionHandler() {
    script.success(
        (tx, r) -> {
          throw new IllegalStateException("cannot record");
        });

    HarnessRun run =
        run(
            policy().successRetry(RetryPolicy.builder().maxAttempts(2).build()).build(),
            t -> t.produceTransactions(txs(1)));

    assertThat(script.successCalls("tx-0")).isEqualTo(2);
    assertThat(script.exceptions)
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.category()).isEqualTo(Category.SYSTEM);
              assertThat(e.getCause()).hasMessage("cannot record");
            });
    assertThat(run.outcome("tx-0")).isInstanceOf(Outcome.FailedHandled.class);
  }

  @Test
  void aFailingExceptionHandlerEndsUnhandledWithNothingToSettle() {
    script
        .process(
            tx -> {
              throw new IllegalStateException("cannot prepare");
            })
        .exception(
            (tx, e) -> {
              throw new IllegalStateException("handler broken");
            });

    HarnessRun run = run(policy().build(), t -> t.produceTransactions(txs(1)));

    assertThat(run.outcome("tx-0"))
        .isInstanceOfSatisfying(
            Outcome.FailedUnhandled.class,
            o -> {
              assertThat(o.disposition()).isEqualTo(Disposition.NONE);
              assertThat(o.handlerError()).hasMessage("handler broken");
            });
  }

  @Test
  void fiveTransactionsGiveFive() {
    HarnessRun run = run(policy().build(), t -> t.produceTransactions(txs(5)));

    assertThat(run.report().succeeded()).isEqualTo(5);
    assertThat(run.report().fetched()).isEqualTo(5);
    assertThat(script.totalProcessCalls()).isEqualTo(5);
  }

  @Test
  void tenTransactionsInBatchesOfThreeAreAllProduced() {
    HarnessRun run = run(policy().batchSize(3).build(), t -> t.produceTransactions(txs(10)));

    assertThat(run.report().processed()).isEqualTo(10);
    assertThat(run.report().batches()).isEqualTo(4);
    assertThat(run.outcomes()).hasSize(10);
  }

  @Test
  void concurrencyThreeKeepsAtMostThreePreparesAtOnce() {
    CountDownLatch threeRunning = new CountDownLatch(3);
    script.process(
        tx -> {
          threeRunning.countDown();
          threeRunning.await(10, TimeUnit.SECONDS);
          return "ok";
        });

    HarnessRun run =
        run(policy().concurrency(3).batchSize(9).build(), t -> t.produceTransactions(txs(9)));

    assertThat(run.report().succeeded()).isEqualTo(9);
    assertThat(script.peak.get()).isEqualTo(3);
  }

  @Test
  void aLimitPreparesExactlyThatManyAndAdvancesTheSourceNoFurther() {
    CountingIterator source = CountingIterator.of(20);

    HarnessRun run =
        run(policy().limit(5).batchSize(3).build(), t -> t.produceTransactions(source));

    assertThat(script.totalProcessCalls()).isEqualTo(5);
    assertThat(source.nextCalls()).isEqualTo(5);
    assertThat(run.report().fetched()).isEqualTo(5);
    assertThat(run.report().endReason()).isEqualTo(EndReason.LIMIT_REACHED);
  }

  @Test
  void anEndlessStreamWithALimitEndsAndPullsNoMoreThanTheLimit() {
    AtomicInteger pulled = new AtomicInteger();
    Stream<Transaction> endless =
        Stream.generate(() -> CountingIterator.tx(pulled.getAndIncrement()));

    HarnessRun run =
        run(policy().limit(100).batchSize(10).build(), t -> t.produceTransactions(endless));

    assertThat(run.report().succeeded()).isEqualTo(100);
    assertThat(run.report().endReason()).isEqualTo(EndReason.LIMIT_REACHED);
    assertThat(pulled.get()).isLessThanOrEqualTo(100);
  }

  @Test
  void anEndlessIteratorWithALimitEndsAndIsAdvancedExactlyLimitTimes() {
    CountingIterator endless = CountingIterator.endless();

    HarnessRun run =
        run(policy().limit(100).batchSize(10).build(), t -> t.produceTransactions(endless));

    assertThat(run.report().succeeded()).isEqualTo(100);
    assertThat(endless.nextCalls()).isEqualTo(100);
  }

  @Test
  void aLoopTimeoutEndsAnEndlessProducer() {
    CountingIterator endless = CountingIterator.endless();
    long started = System.nanoTime();

    HarnessRun run =
        run(
            policy().loopTimeout(Duration.ofMillis(300)).concurrency(2).batchSize(10).build(),
            t -> t.produceTransactions(endless));

    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
    RunReport report = run.report();
    assertThat(report.endReason()).isEqualTo(EndReason.TIMED_OUT);
    assertThat(report.fetched()).isPositive().isEqualTo(endless.nextCalls());
    assertThat(report.processed() + report.released()).isEqualTo(report.fetched());
  }

  @Test
  void anEmptyListProducesNothingAndDrains() {
    HarnessRun run = run(policy().build(), t -> t.produceTransactions(List.of()));

    assertThat(run.report().processed()).isZero();
    assertThat(run.report().endReason()).isEqualTo(EndReason.DRAINED);
    assertThat(script.totalProcessCalls()).isZero();
  }

  @Test
  void aSourceThatThrowsEndsTheRunWithFetchFailedAndItsCause() {
    IllegalStateException broken = new IllegalStateException("source broke");

    HarnessRun run =
        run(policy().build(), t -> t.produceTransactions(CountingIterator.failingAfter(3, broken)));

    assertThat(run.report().endReason()).isEqualTo(EndReason.FETCH_FAILED);
    assertThat(run.report().failureCause()).containsSame(broken);
    assertThat(run.report().succeeded()).isEqualTo(3);
    assertThat(run.result().exitCode()).isEqualTo(1);
  }

  @Test
  void transactionsTakenBeforeTheSourceThrewAreStillProduced() {
    IllegalStateException broken = new IllegalStateException("source broke");

    HarnessRun run =
        run(
            policy().batchSize(10).build(),
            t -> t.produceTransactions(CountingIterator.failingAfter(3, broken)));

    assertThat(script.processCalls).containsOnlyKeys("tx-0", "tx-1", "tx-2");
    assertThat(run.report().succeeded()).isEqualTo(3);
    assertThat(run.report().fetched()).isEqualTo(3);
    assertThat(run.report().endReason()).isEqualTo(EndReason.FETCH_FAILED);
    assertThat(run.report().failureCause()).containsSame(broken);
  }

  @Test
  void producesFromAListAnIteratorAndAStream() {
    List<Transaction> list = List.of(Transaction.of("list-0", 0), Transaction.of("list-1", 1));
    List<Transaction> viaIterator = List.of(Transaction.of("iterator-0", 0));
    Stream<Transaction> stream = Stream.of(Transaction.of("stream-0", 0), Transaction.of("s-1", 1));

    HarnessRun run =
        run(
            policy().batchSize(2).build(),
            t -> {
              t.produceTransactions(list);
              t.produceTransactions(viaIterator.iterator());
              t.produceTransactions(stream);
            });

    assertThat(run.result().reports()).extracting(RunReport::succeeded).containsExactly(2L, 1L, 2L);
    assertThat(run.outcomes())
        .containsOnlyKeys("list-0", "list-1", "iterator-0", "stream-0", "s-1")
        .allSatisfy((id, o) -> assertThat(o).isInstanceOf(Outcome.Succeeded.class));
  }

  @Test
  void theExceptionHandlerReceivesEveryFailureWrappedWithItsTransaction() {
    script.process(
        tx -> {
          throw new TransactionException("bad order", Category.BUSINESS);
        });

    run(
        policy().prepareRetry(RetryPolicy.builder().maxAttempts(3).build()).build(),
        t -> t.produceTransactions(txs(2)));

    assertThat(script.totalProcessCalls()).isEqualTo(2); // BUSINESS is never retried
    assertThat(script.exceptions)
        .hasSize(2)
        .allSatisfy(e -> assertThat(e.category()).isEqualTo(Category.BUSINESS))
        .extracting(e -> e.transactionId().orElseThrow())
        .containsExactlyInAnyOrder("tx-0", "tx-1");
  }
}
