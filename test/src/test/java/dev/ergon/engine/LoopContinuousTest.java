package dev.ergon.engine;

import static dev.ergon.engine.LoopRig.policy;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ergon.policy.ConsumerPolicy;
import dev.ergon.policy.LoopMode;
import dev.ergon.policy.ThreadKind;
import dev.ergon.task.TaskConfig;
import dev.ergon.test.AsyncInMemoryConnector;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The consumer loop in continuous mode (behaviour.md §5; the original's tests 26–28): keep the
 * concurrency bound filled and fetch replacements as slots free, for blocking tasks too.
 */
class LoopContinuousTest {
  private final LoopRig rig = new LoopRig();

  @AfterEach
  void releaseBlockedWork() {
    rig.close();
  }

  private static ConsumerPolicy.Builder continuous(int concurrency) {
    return policy().mode(LoopMode.CONTINUOUS).concurrency(concurrency);
  }

  @Test
  void keepsFetchingAndProcessingWhileASlowTransactionIsStillRunning() {
    rig.input.add(Items.numbered(10));
    rig.script.process(tx -> tx.id().equals("tx-0") ? rig.block("slow") : "fast");

    try (RunningWorker running = rig.start(continuous(3).build())) {
      // all nine others complete while tx-0 is still blocked
      await().atMost(RunningWorker.PATIENCE).until(() -> rig.input.acknowledged().size() == 9);
      assertThat(rig.script.successCalls("tx-0")).isZero();
      assertThat(rig.input.fetchCount()).isGreaterThan(1);
      assertThat(running.isDone()).isFalse();
      rig.release.countDown();

      RunReport report = running.report();
      assertThat(report.endReason()).isEqualTo(EndReason.DRAINED);
      assertThat(report.succeeded()).isEqualTo(10);
    }
    // while tx-0 held a slot, no fetch asked for more than the two free ones
    assertThat(rig.connector.fetches())
        .allSatisfy(f -> assertThat(f.size() + f.unsettled()).isLessThanOrEqualTo(3));
  }

  @Test
  void refillNeverExceedsTheConcurrencyAndReachesIt() {
    // tx-100..tx-103 each wait until all four of them run at once: refill must fill every slot
    CountDownLatch fourRunning = new CountDownLatch(4);
    rig.input.add(Items.numbered(200));
    rig.script.process(
        tx -> {
          int n = Items.number(tx);
          if (n >= 100 && n < 104) {
            fourRunning.countDown();
            if (!fourRunning.await(RunningWorker.PATIENCE.toSeconds(), TimeUnit.SECONDS)) {
              throw new IllegalStateException("four never ran at once");
            }
          } else {
            LoopRig.work(Duration.ofMillis(1));
          }
          return "ok";
        });

    RunReport report = rig.report(continuous(4).build());

    assertThat(report.succeeded()).isEqualTo(200);
    assertThat(rig.script.peak.get()).isEqualTo(4);
  }

  @Test
  void aFetchNeverAsksForMoreThanTheFreeSlots() {
    rig.input.add(Items.numbered(80));
    rig.script.process(
        tx -> {
          LoopRig.work(Duration.ofMillis(2));
          return "ok";
        });

    RunReport report = rig.report(continuous(5).batchSize(50).build());

    assertThat(report.succeeded()).isEqualTo(80);
    assertThat(rig.connector.fetches())
        .allSatisfy(
            f -> {
              assertThat(f.size()).isBetween(1, 5);
              assertThat(f.size() + f.unsettled()).isLessThanOrEqualTo(5);
            });
  }

  @Test
  void aNonStreamingContinuousLoopDrainsTheSourceAndItsInFlightWork() {
    rig.input.add(Items.numbered(7));
    rig.script.process(
        tx -> {
          LoopRig.work(Duration.ofMillis(5));
          return "ok";
        });

    RunReport report = rig.report(continuous(3).build());

    assertThat(report.endReason()).isEqualTo(EndReason.DRAINED);
    assertThat(report.succeeded()).isEqualTo(7);
    assertThat(rig.input.ready()).isEmpty();
    assertThat(rig.input.inFlight()).isEmpty();
  }

  @ParameterizedTest
  @EnumSource(ThreadKind.class)
  void lanesGrowToTheWholeConcurrencyWhenEveryTransactionBlocks(ThreadKind threads) {
    // continuous lanes are brought one at a time while work waits for them; work that blocks
    // until 32 run at once proves they reach the bound, and no fetch asks beyond it
    CountDownLatch allRunning = new CountDownLatch(32);
    rig.input.add(Items.numbered(40));
    rig.script.process(
        tx -> {
          allRunning.countDown();
          if (!allRunning.await(RunningWorker.PATIENCE.toSeconds(), TimeUnit.SECONDS)) {
            throw new IllegalStateException("32 never ran at once");
          }
          return "ok";
        });

    RunReport report = rig.report(continuous(32).threads(threads).build());

    assertThat(report.succeeded()).isEqualTo(40);
    assertThat(rig.script.peak.get()).isEqualTo(32);
    assertThat(rig.connector.fetches())
        .allSatisfy(f -> assertThat(f.size() + f.unsettled()).isLessThanOrEqualTo(32));
  }

  @Test
  void shortTransactionsRunBackToBackOnLanesNotOnAThreadEach() {
    // a lane takes the next waiting transaction on its own thread: 2,000 short ones on virtual
    // threads use far fewer threads than transactions (a thread per transaction would be 2,000)
    Set<Thread> threads = ConcurrentHashMap.newKeySet();
    rig.input.add(Items.numbered(2_000));
    rig.script.process(
        tx -> {
          threads.add(Thread.currentThread());
          return "ok";
        });

    RunReport report = rig.report(continuous(8).threads(ThreadKind.VIRTUAL).build());

    assertThat(report.succeeded()).isEqualTo(2_000);
    assertThat(threads).hasSizeLessThan(1_000);
    assertThat(rig.connector.fetches())
        .allSatisfy(f -> assertThat(f.size() + f.unsettled()).isLessThanOrEqualTo(8));
  }

  @Test
  void continuousModeWorksForAsynchronousTasksToo() {
    rig.input.add(Items.numbered(12));

    RunReport report;
    try (Worker worker =
        Worker.start(
            TaskConfig.builder("async")
                .task(() -> new AsyncScriptedConsumer(rig.script))
                .asyncConnector("input", () -> new AsyncInMemoryConnector(rig.input))
                .policy(continuous(3).build())
                .build(),
            rig.options())) {
      WorkerResult result = worker.execute();
      assertThat(result.failure()).isNull();
      report = result.reports().get(0);
    }

    assertThat(report.succeeded()).isEqualTo(12);
    assertThat(rig.script.peak.get()).isBetween(1, 3);
    assertThat(rig.input.acknowledged()).hasSize(12);
  }
}
