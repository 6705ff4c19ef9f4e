package dev.ergon.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ergon.connector.ConnectionLostException;
import dev.ergon.connector.Rejection;
import dev.ergon.engine.Outcome.Disposition;
import dev.ergon.policy.ConsumerPolicy;
import dev.ergon.policy.LoopMode;
import dev.ergon.policy.RetryPolicy;
import dev.ergon.policy.SettlementMode;
import dev.ergon.policy.UnhandledAction;
import dev.ergon.retry.NonRetryableException;
import dev.ergon.test.HarnessRun;
import dev.ergon.test.InMemoryConnector;
import dev.ergon.test.ManualClock;
import dev.ergon.test.Settlement;
import dev.ergon.test.TaskHarness;
import dev.ergon.transaction.PayloadConversionException;
import dev.ergon.transaction.Transaction;
import dev.ergon.transaction.TransactionException;
import dev.ergon.transaction.TransactionException.Category;
import dev.ergon.transaction.TransactionTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Behaviour of one transaction's lifecycle (behaviour.md §3, §4) through the whole engine. */
class LifecycleTest {
  private final Script script = new Script();
  private final InMemoryConnector input = new InMemoryConnector();
  private final ManualClock clock = new ManualClock();
  private final CountDownLatch release = new CountDownLatch(1);

  @AfterEach
  void releaseBlockedThreads() {
    release.countDown();
  }

  private HarnessRun run(ConsumerPolicy policy, Transaction... txs) {
    input.add(txs);
    return TaskHarness.of(() -> new ScriptedConsumer(script))
        .connector("input", input)
        .policy(policy)
        .timeSource(clock)
        .run();
  }

  private static ConsumerPolicy.Builder policy() {
    return ConsumerPolicy.builder("consumer");
  }

  private static RetryPolicy attempts(int n) {
    return RetryPolicy.builder().maxAttempts(n).build();
  }

  private void blockIgnoringInterrupts() {
    while (true) {
      try {
        release.await();
        return;
      } catch (InterruptedException ignored) {
        // a badly behaved task: keeps waiting
      }
    }
  }

  @Test
  void successfulTransactionSucceedsAndIsAcknowledgedOnce() {
    HarnessRun run = run(policy().build(), Transaction.of("tx-1", "p"));

    assertThat(run.outcome("tx-1"))
        .isEqualTo(new Outcome.Succeeded("tx-1", 0, Disposition.ACKNOWLEDGED));
    assertThat(script.successCalls("tx-1")).isEqualTo(1);
    assertThat(input.settlementLog()).containsExactly(Settlement.acknowledged("tx-1"));
    assertThat(script.exceptions).isEmpty();
  }

  @Test
  void processFailureCallsTheExceptionHandlerOnceWithASystemErrorAndAcknowledges() {
    IllegalStateException boom = new IllegalStateException("boom");
    script.process(
        tx -> {
          throw boom;
        });

    HarnessRun run = run(policy().build(), Transaction.of("tx-1", "p"));

    assertThat(run.outcome("tx-1")).isInstanceOf(Outcome.FailedHandled.class);
    assertThat(script.exceptions).hasSize(1);
    TransactionException e = script.exceptions.get(0);
    assertThat(e.category()).isEqualTo(Category.SYSTEM);
    assertThat(e.transactionId()).contains("tx-1");
    assertThat(e.getCause()).isSameAs(boom);
    assertThat(input.settlementLog()).containsExactly(Settlement.acknowledged("tx-1"));
    assertThat(run.outcome("tx-1").exitCode()).isEqualTo(3);
  }

  @Test
  void retriesUntilMaxAttemptsThenCallsTheExceptionHandler() {
    script.process(
        tx -> {
          throw new IllegalStateException("always");
        });

    HarnessRun run = run(policy().processRetry(attempts(3)).build(), Transaction.of("tx-1", "p"));

    assertThat(script.processCalls("tx-1")).isEqualTo(3);
    assertThat(script.exceptions).hasSize(1);
    assertThat(run.outcome("tx-1").retries()).isEqualTo(2);
    assertThat(run.report().retries()).isEqualTo(2);
  }

  @Test
  void aFlakyProcessSucceedsOnItsThirdAttempt() {
    AtomicInteger calls = new AtomicInteger();
    script.process(
        tx -> {
          if (calls.incrementAndGet() < 3) {
            throw new IllegalStateException("flaky");
          }
          return "done";
        });

    HarnessRun run = run(policy().processRetry(attempts(3)).build(), Transaction.of("tx-1", "p"));

    assertThat(run.outcome("tx-1")).isInstanceOf(Outcome.Succeeded.class);
    assertThat(run.outcome("tx-1").retries()).isEqualTo(2);
    assertThat(script.exceptions).isEmpty();
  }

  @Test
  void backoffBetweenAttemptsFollowsTheScheduleOnTheManualClock() {
    script.process(
        tx -> {
          throw new IllegalStateException("always");
        });
    RetryPolicy retry =
        RetryPolicy.builder()
            .maxAttempts(5)
            .backoff(Duration.ofSeconds(1))
            .backoffMultiplier(2)
            .backoffCap(Duration.ofSeconds(5))
            .build();

    run(policy().processRetry(retry).build(), Transaction.of("tx-1", "p"));

    assertThat(clock.sleeps())
        .containsExactly(
            Duration.ofSeconds(1),
            Duration.ofSeconds(2),
            Duration.ofSeconds(4),
            Duration.ofSeconds(5));
  }

  @Test
  void businessFailuresAreNotRetried() {
    script.process(
        tx -> {
          throw new TransactionException("invalid order", Category.BUSINESS);
        });

    HarnessRun run = run(policy().processRetry(attempts(5)).build(), Transaction.of("tx-1", "p"));

    assertThat(script.processCalls("tx-1")).isEqualTo(1);
    assertThat(script.exceptions)
        .singleElement()
        .extracting(TransactionException::category)
        .isEqualTo(Category.BUSINESS);
    assertThat(run.outcome("tx-1")).isInstanceOf(Outcome.FailedHandled.class);
  }

  @Test
  void nonRetryableExceptionsStopRetryingAtOnce() {
    script.process(
        tx -> {
          throw new NonRetryableException("gone for good");
        });

    run(policy().processRetry(attempts(5)).build(), Transaction.of("tx-1", "p"));

    assertThat(script.processCalls("tx-1")).isEqualTo(1);
    assertThat(script.exceptions).hasSize(1);
  }

  @Test
  void aPayloadThatCannotBeConvertedFailsThatTransactionOnlyWithAClearError() {
    record Order(int id) {}
    script.process(tx -> tx.payload(Order.class));

    HarnessRun run =
        run(
            policy().processRetry(attempts(3)).build(),
            Transaction.of("bad", "{not json"),
            Transaction.of("good", "{\"id\":1}"));

    assertThat(run.outcome("good")).isInstanceOf(Outcome.Succeeded.class);
    assertThat(run.outcome("bad")).isInstanceOf(Outcome.FailedHandled.class);
    assertThat(script.processCalls("bad")).isEqualTo(1);
    assertThat(script.exceptions)
        .singleElement()
        .isInstanceOf(PayloadConversionException.class)
        .satisfies(e -> assertThat(e.getMessage()).contains("bad").contains("Order"));
  }

  @Test
  void aFailingSuccessHandlerIsRetriedThenFallsBackToTheExceptionHandler() {
    script.success(
        (tx, r) -> {
          throw new IllegalStateException("cannot forward");
        });

    HarnessRun run = run(policy().successRetry(attempts(2)).build(), Transaction.of("tx-1", "p"));

    assertThat(script.successCalls("tx-1")).isEqualTo(2);
    assertThat(script.exceptions)
        .singleElement()
        .satisfies(e -> assertThat(e.getCause()).hasMessage("cannot forward"));
    assertThat(run.outcome("tx-1")).isInstanceOf(Outcome.FailedHandled.class);
    assertThat(input.settlementLog()).containsExactly(Settlement.acknowledged("tx-1"));
  }

  @Test
  void aLostConnectionInTheSuccessHandlerMeansRedeliveryWithoutTheExceptionHandler() {
    script.success(
        (tx, r) -> {
          throw new ConnectionLostException("channel closed (delivery tag 120)", null);
        });

    HarnessRun run = run(policy().successRetry(attempts(5)).build(), Transaction.of("tx-1", "p"));

    assertThat(run.outcome("tx-1")).isInstanceOf(Outcome.Redeliver.class);
    assertThat(script.successCalls("tx-1")).isEqualTo(1);
    assertThat(script.exceptions).isEmpty();
    assertThat(input.settlementLog()).isEmpty();
    // never settled: closing the connector hands it back for redelivery
    assertThat(input.ready()).extracting(Transaction::id).containsExactly("tx-1");
  }

  @Test
  void aFailingExceptionHandlerDeadLettersTheTransaction() {
    script
        .process(
            tx -> {
              throw new IllegalStateException("boom");
            })
        .exception(
            (tx, e) -> {
              throw new IllegalStateException("handler broken");
            });

    HarnessRun run = run(policy().exceptionRetry(attempts(2)).build(), Transaction.of("tx-1", "p"));

    assertThat(run.outcome("tx-1"))
        .isInstanceOfSatisfying(
            Outcome.FailedUnhandled.class,
            o -> {
              assertThat(o.disposition()).isEqualTo(Disposition.DEAD_LETTERED);
              assertThat(o.handlerError()).hasMessage("handler broken");
            });
    assertThat(script.exceptions).hasSize(2);
    assertThat(input.deadLettered()).extracting(Transaction::id).containsExactly("tx-1");
    // the connector is told why, so that it can write the reason next to the dead letter
    Rejection why = input.rejections().get("tx-1");
    assertThat(why).isNotNull();
    assertThat(why.category()).isEqualTo(TransactionException.Category.SYSTEM);
    assertThat(why.message()).contains("boom");
    assertThat(why.handlerFailure())
        .get()
        .extracting(Throwable::getMessage)
        .isEqualTo("handler broken");
    assertThat(why.attempts()).isEqualTo(why.retries() + 1);
    assertThat(run.outcome("tx-1").exitCode()).isEqualTo(1);
  }

  @Test
  void aFailingExceptionHandlerReleasesWhenTheConnectorCannotDeadLetter() {
    input.withoutDeadLetter();
    script
        .process(
            tx -> {
              throw new IllegalStateException("boom");
            })
        .exception(
            (tx, e) -> {
              throw new IllegalStateException("handler broken");
            });

    HarnessRun run = run(policy().limit(1L).build(), Transaction.of("tx-1", "p"));

    assertThat(run.outcome("tx-1"))
        .extracting(o -> ((Outcome.FailedUnhandled) o).disposition())
        .isEqualTo(Disposition.RELEASED);
    assertThat(input.released()).extracting(Transaction::id).containsExactly("tx-1");
  }

  @Test
  void theReleaseActionReleasesEvenWhenTheConnectorCouldDeadLetter() {
    script
        .process(
            tx -> {
              throw new IllegalStateException("boom");
            })
        .exception(
            (tx, e) -> {
              throw new IllegalStateException("handler broken");
            });

    HarnessRun run =
        run(
            policy().onUnhandled(UnhandledAction.RELEASE).limit(1L).build(),
            Transaction.of("tx-1", "p"));

    assertThat(run.outcome("tx-1"))
        .extracting(o -> ((Outcome.FailedUnhandled) o).disposition())
        .isEqualTo(Disposition.RELEASED);
    assertThat(input.deadLettered()).isEmpty();
  }

  @Test
  void anAcknowledgementOnADeadChannelIsRecordedAsRedelivery() {
    input.failAcknowledgeWith(() -> new ConnectionLostException("channel is closed", null));

    HarnessRun run = run(policy().build(), Transaction.of("tx-1", "p"));

    assertThat(run.outcome("tx-1")).isInstanceOf(Outcome.Redeliver.class);
    assertThat(script.exceptions).isEmpty();
  }

  @Test
  void manualSettlementLeavesAcknowledgementToUserCode() {
    script.success((tx, r) -> input.acknowledge(tx));

    HarnessRun run =
        run(
            policy().settlementMode(SettlementMode.MANUAL).build(),
            Transaction.of("tx-1", "p"),
            Transaction.of("tx-2", "p"));

    assertThat(run.outcome("tx-1")).isEqualTo(new Outcome.Succeeded("tx-1", 0, Disposition.NONE));
    assertThat(input.settlementLog())
        .containsExactlyInAnyOrder(
            Settlement.acknowledged("tx-1"), Settlement.acknowledged("tx-2"));
  }

  @Test
  void theRuntimeTimeoutAbandonsAStuckTransactionAndHandlesItOnceWithATimeoutError() {
    AtomicBoolean zombieFinished = new AtomicBoolean();
    script.process(
        tx -> {
          blockIgnoringInterrupts();
          zombieFinished.set(true);
          return "late";
        });
    long started = System.nanoTime();

    HarnessRun run =
        run(policy().runtimeTimeout(Duration.ofMillis(300)).build(), Transaction.of("tx-1", "p"));

    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
    assertThat(run.outcome("tx-1"))
        .isInstanceOfSatisfying(
            Outcome.TimedOut.class,
            o -> {
              assertThat(o.handled()).isTrue();
              assertThat(o.disposition()).isEqualTo(Disposition.ACKNOWLEDGED);
            });
    assertThat(script.exceptions)
        .singleElement()
        .isInstanceOf(TransactionTimeoutException.class)
        .extracting(TransactionException::category)
        .isEqualTo(Category.TIMEOUT);

    release.countDown();
    await().atMost(Duration.ofSeconds(10)).untilTrue(zombieFinished);
    // the zombie finished processing after the timeout: it must neither run the success handler
    // nor settle a second time
    assertThat(script.successCalls("tx-1")).isZero();
    assertThat(script.exceptions).hasSize(1);
    assertThat(input.settlementLog()).containsExactly(Settlement.acknowledged("tx-1"));
  }

  @Test
  @Timeout(60) // without a replacement the stuck transaction's slot would be lost for good
  void aStuckTransactionInABatchFreesItsSlotAtTheRuntimeTimeoutSoTheRestOfTheBatchRuns() {
    AtomicBoolean zombieFinished = new AtomicBoolean();
    script.process(
        tx -> {
          if (tx.id().equals("tx-1")) {
            blockIgnoringInterrupts();
            zombieFinished.set(true);
          }
          return "ok";
        });

    HarnessRun run =
        run(
            policy()
                .mode(LoopMode.BATCH)
                .concurrency(1)
                .batchSize(4)
                .runtimeTimeout(Duration.ofMillis(300))
                .build(),
            Transaction.of("tx-1", "p"),
            Transaction.of("tx-2", "p"),
            Transaction.of("tx-3", "p"),
            Transaction.of("tx-4", "p"));

    // the loop ended while tx-1's thread is still stuck: the others ran on a replacement
    assertThat(zombieFinished).isFalse();
    assertThat(run.outcome("tx-1")).isInstanceOf(Outcome.TimedOut.class);
    for (String id : List.of("tx-2", "tx-3", "tx-4")) {
      assertThat(run.outcome(id)).isInstanceOf(Outcome.Succeeded.class);
    }
    release.countDown();
    await().atMost(Duration.ofSeconds(10)).untilTrue(zombieFinished);
    assertThat(input.settlementLog()).hasSize(4);
  }

  @Test
  @Timeout(60) // without the bound the loop would wait for the handler forever
  void anExceptionHandlerThatHangsAfterARuntimeTimeoutIsBoundedByTheRuntimeTimeoutToo() {
    script
        .process(
            tx -> {
              blockIgnoringInterrupts();
              return "late";
            })
        .exception((tx, e) -> blockIgnoringInterrupts());
    long started = System.nanoTime();

    HarnessRun run =
        run(policy().runtimeTimeout(Duration.ofMillis(300)).build(), Transaction.of("tx-1", "p"));

    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
    assertThat(run.outcome("tx-1"))
        .isInstanceOfSatisfying(
            Outcome.TimedOut.class,
            o -> {
              assertThat(o.handled()).isFalse();
              assertThat(o.disposition()).isEqualTo(Disposition.DEAD_LETTERED);
            });
    assertThat(input.deadLettered()).extracting(Transaction::id).containsExactly("tx-1");
  }

  @Test
  void theRuntimeTimeoutInterruptsCooperativeWork() {
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

    HarnessRun run =
        run(policy().runtimeTimeout(Duration.ofMillis(200)).build(), Transaction.of("tx-1", "p"));

    assertThat(run.outcome("tx-1")).isInstanceOf(Outcome.TimedOut.class);
    await().atMost(Duration.ofSeconds(10)).untilTrue(interrupted);
  }

  @Test
  void aBlockingAttemptThatIgnoresItsDeadlineIsAbandonedOnTime() {
    script.process(
        tx -> {
          blockIgnoringInterrupts();
          return "late";
        });
    RetryPolicy retry =
        RetryPolicy.builder().maxAttempts(2).timeout(Duration.ofMillis(200)).build();
    long started = System.nanoTime();

    HarnessRun run = run(policy().processRetry(retry).build(), Transaction.of("tx-1", "p"));

    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
    assertThat(script.processCalls("tx-1")).isEqualTo(2);
    assertThat(script.exceptions)
        .singleElement()
        .extracting(TransactionException::category)
        .isEqualTo(Category.TIMEOUT);
    assertThat(run.outcome("tx-1")).isInstanceOf(Outcome.FailedHandled.class);
  }

  @Test
  void everyTransactionEndsWithExactlyOneOutcomeAndOneSettlement() {
    List<Transaction> txs =
        java.util.stream.IntStream.range(0, 50)
            .mapToObj(i -> Transaction.of("tx-" + i, i))
            .toList();
    script.process(
        tx -> {
          if ((int) tx.payload() % 3 == 0) {
            throw new IllegalStateException("every third fails");
          }
          return "ok";
        });

    HarnessRun run =
        run(policy().concurrency(4).batchSize(7).build(), txs.toArray(Transaction[]::new));

    assertThat(run.outcomes()).hasSize(50);
    assertThat(run.count(Outcome.Kind.FAILED_HANDLED)).isEqualTo(17);
    assertThat(run.count(Outcome.Kind.SUCCEEDED)).isEqualTo(33);
    assertThat(input.settlementLog()).hasSize(50);
    assertThat(input.inFlight()).isEmpty();
    assertThat(input.ready()).isEmpty();
  }
}
