package dev.ergon.engine;

import static dev.ergon.engine.LoopRig.policy;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ergon.policy.ThreadKind;
import dev.ergon.transaction.Transaction;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The consumer loop in batch mode (behaviour.md §5; the original's loop tests 16, 21). */
class LoopBatchTest {
  private final LoopRig rig = new LoopRig();

  @AfterEach
  void releaseBlockedWork() {
    rig.close();
  }

  @Test
  void oneBatchOfFiveProcessesAllFiveAndEndsAtTheFirstEmptyFetch() {
    rig.input.add(Items.numbered(5));

    RunReport report = rig.report(policy().batchSize(5).build());

    assertThat(report.endReason()).isEqualTo(EndReason.DRAINED);
    assertThat(report.succeeded()).isEqualTo(5);
    assertThat(report.processed()).isEqualTo(5);
    assertThat(report.batches()).isEqualTo(1);
    assertThat(report.emptyPolls()).isEqualTo(1);
    assertThat(rig.input.acknowledged()).hasSize(5);
    assertThat(rig.input.fetchCount()).isEqualTo(2);
  }

  @Test
  void tenItemsInBatchesOfThreeAreAllProcessedInFourBatches() {
    rig.input.add(Items.numbered(10));

    RunReport report = rig.report(policy().batchSize(3).concurrency(2).build());

    assertThat(report.succeeded()).isEqualTo(10);
    assertThat(report.batches()).isEqualTo(4);
    assertThat(rig.connector.fetches())
        .extracting(ScriptedConnector.Fetch::size)
        .containsExactly(3, 3, 3, 3, 3);
    assertThat(rig.input.ready()).isEmpty();
    assertThat(rig.input.acknowledged()).hasSize(10);
  }

  @Test
  void fetchSizesNeverExceedTheBatchSize() {
    rig.input.add(Items.numbered(23));

    rig.report(policy().batchSize(4).concurrency(8).build());

    assertThat(rig.input.maxFetchSizeRequested()).isEqualTo(4);
  }

  @Test
  void concurrencyThreeNeverRunsMoreThanThreeAtOnce() {
    rig.input.add(Items.numbered(60));
    rig.script.process(
        tx -> {
          LoopRig.work(Duration.ofMillis(2));
          return "ok";
        });

    RunReport report = rig.report(policy().batchSize(10).concurrency(3).build());

    assertThat(report.succeeded()).isEqualTo(60);
    assertThat(rig.script.peak.get()).isBetween(1, 3);
  }

  @Test
  void concurrencyThreeRunsExactlyThreeAtOnceWhenTheWorkWaitsForIt() {
    // each of the first three waits until three are running: only a loop that runs three at
    // once gets past them
    CountDownLatch threeRunning = new CountDownLatch(3);
    rig.input.add(Items.numbered(9));
    rig.script.process(
        tx -> {
          threeRunning.countDown();
          if (!threeRunning.await(RunningWorker.PATIENCE.toSeconds(), TimeUnit.SECONDS)) {
            throw new IllegalStateException("three never ran at once");
          }
          return "ok";
        });

    RunReport report = rig.report(policy().batchSize(9).concurrency(3).build());

    assertThat(report.succeeded()).isEqualTo(9);
    assertThat(rig.script.peak.get()).isEqualTo(3);
  }

  @ParameterizedTest
  @EnumSource(ThreadKind.class)
  void lanesAddedAsEarlierOnesStartReachTheWholeConcurrencyWhenEveryTransactionBlocks(
      ThreadKind threads) {
    // a batch adds its lanes as the first ones start; work that blocks until 32 run at once
    // proves they grow to the bound, and the second batch (of 8) to its own size
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

    RunReport report = rig.report(policy().threads(threads).batchSize(32).concurrency(32).build());

    assertThat(report.succeeded()).isEqualTo(40);
    assertThat(report.failedHandled()).isZero();
    assertThat(report.batches()).isEqualTo(2);
    assertThat(rig.script.peak.get()).isEqualTo(32);
  }

  @Test
  void aBatchFinishesBeforeTheNextFetch() {
    List<String> events = new CopyOnWriteArrayList<>();
    rig.input.add(Items.numbered(6));
    rig.connector.onEveryFetch(() -> events.add("fetch"));
    rig.script
        .process(tx -> tx.id().equals("tx-0") ? rig.block("slow") : "fast")
        .success((tx, r) -> events.add("done " + tx.id()));

    try (RunningWorker running = rig.start(policy().batchSize(3).concurrency(3).build())) {
      await()
          .atMost(RunningWorker.PATIENCE)
          .until(() -> events.containsAll(List.of("done tx-1", "done tx-2")));
      // head-of-line: while tx-0 is still running, the loop does not fetch the next batch
      await()
          .during(Duration.ofMillis(300))
          .atMost(RunningWorker.PATIENCE)
          .until(() -> rig.input.fetchCount() == 1);
      rig.release.countDown();

      RunReport report = running.report();
      assertThat(report.succeeded()).isEqualTo(6);
      assertThat(report.batches()).isEqualTo(2);
    }
    int secondFetch = events.subList(1, events.size()).indexOf("fetch") + 1;
    assertThat(events.subList(0, secondFetch))
        .contains("done tx-0", "done tx-1", "done tx-2")
        .doesNotContain("done tx-3");
  }

  @Test
  void theBatchIntervalIsSleptAfterEachNonEmptyBatchOnly() {
    rig.input.add(Items.numbered(6));

    RunReport report =
        rig.report(policy().batchSize(3).batchInterval(Duration.ofSeconds(2)).build());

    assertThat(report.batches()).isEqualTo(2);
    assertThat(report.emptyPolls()).isEqualTo(1);
    assertThat(rig.clock.sleeps()).containsExactly(Duration.ofSeconds(2), Duration.ofSeconds(2));
  }

  @Test
  void noBatchIntervalIsSleptAfterTheBatchThatReachesTheLimit() {
    rig.input.add(Items.numbered(9));

    RunReport report =
        rig.report(policy().batchSize(3).limit(6L).batchInterval(Duration.ofSeconds(2)).build());

    assertThat(report.endReason()).isEqualTo(EndReason.LIMIT_REACHED);
    assertThat(report.batches()).isEqualTo(2);
    assertThat(rig.clock.sleeps()).containsExactly(Duration.ofSeconds(2));
  }

  @Test
  void aNonStreamingLoopEndsAtTheFirstEmptyFetchAfterItsWorkCompletes() {
    rig.input.add(Items.numbered(2));
    rig.script.process(tx -> tx.id().equals("tx-1") ? rig.block("slow") : "fast");

    try (RunningWorker running = rig.start(policy().batchSize(5).concurrency(2).build())) {
      await().atMost(RunningWorker.PATIENCE).until(() -> rig.script.processCalls("tx-1") == 1);
      await()
          .during(Duration.ofMillis(300))
          .atMost(RunningWorker.PATIENCE)
          .until(() -> !running.isDone());
      rig.input.add(Transaction.of("late", 99)); // arrives before the next fetch
      rig.release.countDown();

      RunReport report = running.report();
      assertThat(report.endReason()).isEqualTo(EndReason.DRAINED);
      assertThat(report.succeeded()).isEqualTo(3);
      assertThat(report.emptyPolls()).isEqualTo(1);
    }
  }
}
