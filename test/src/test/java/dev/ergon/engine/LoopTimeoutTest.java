package dev.ergon.engine;

import static dev.ergon.engine.LoopRig.policy;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ergon.policy.LoopMode;
import dev.ergon.transaction.Transaction;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@code loop.timeout} in every mode (behaviour.md §5, beyond the original): fetching stops at the
 * deadline, in-flight work finishes, fetched-but-unstarted work is released, the report says
 * TIMED_OUT.
 */
class LoopTimeoutTest {
  private static final Duration TIMEOUT = Duration.ofMillis(300);

  private final LoopRig rig = new LoopRig();

  @AfterEach
  void releaseBlockedWork() {
    rig.close();
  }

  /** Waits until the loop's deadline has surely passed: its first fetch came after it started. */
  private void awaitDeadlinePassed() {
    await().atMost(RunningWorker.PATIENCE).until(() -> rig.connector.fetchCount() >= 1);
    long deadline = rig.connector.fetches().get(0).nanoTime() + TIMEOUT.toNanos();
    await()
        .atMost(RunningWorker.PATIENCE)
        .pollInterval(Duration.ofMillis(20))
        .until(() -> System.nanoTime() - deadline > Duration.ofMillis(100).toNanos());
  }

  @Test
  void batchModeFinishesTheRunningTransactionReleasesTheUnstartedOnesAndFetchesNoMore() {
    rig.input.add(Items.numbered(10));
    rig.script.process(tx -> tx.id().equals("tx-0") ? rig.block("slow") : "fast");

    try (RunningWorker running =
        rig.start(policy().batchSize(5).concurrency(1).loopTimeout(TIMEOUT).build())) {
      // at the deadline the four unstarted transactions of the batch go back to the source
      await().atMost(RunningWorker.PATIENCE).until(() -> rig.input.released().size() == 4);
      assertThat(running.isDone()).isFalse(); // tx-0 is still in flight
      rig.release.countDown();

      RunReport report = running.report();
      assertThat(report.endReason()).isEqualTo(EndReason.TIMED_OUT);
      assertThat(report.succeeded()).isEqualTo(1);
      assertThat(report.released()).isEqualTo(4);
      assertThat(report.fetched()).isEqualTo(5);
    }
    assertThat(rig.input.fetchCount()).isEqualTo(1);
    assertThat(rig.input.acknowledged()).extracting(Transaction::id).containsExactly("tx-0");
    assertThat(rig.script.totalProcessCalls()).isEqualTo(1);
    assertThat(rig.input.ready()).hasSize(9);
  }

  @Test
  void continuousModeLetsInFlightWorkFinishAndFetchesNothingAfterTheDeadline() {
    rig.input.add(Items.numbered(10));
    rig.script.process(tx -> rig.block("slow"));

    try (RunningWorker running =
        rig.start(policy().mode(LoopMode.CONTINUOUS).concurrency(2).loopTimeout(TIMEOUT).build())) {
      awaitDeadlinePassed();
      assertThat(running.isDone()).isFalse();
      rig.release.countDown();

      RunReport report = running.report();
      assertThat(report.endReason()).isEqualTo(EndReason.TIMED_OUT);
      assertThat(report.succeeded()).isEqualTo(2);
    }
    assertThat(rig.input.fetchCount()).isEqualTo(1);
    assertThat(rig.input.acknowledged()).hasSize(2);
    assertThat(rig.input.ready()).hasSize(8);
  }

  @Test
  void aStreamingLoopLetsItsBatchFinishAndFetchesNothingAfterTheDeadline() {
    rig.systemTime();
    rig.input.add(Items.numbered(4));
    rig.script.process(tx -> rig.block("slow"));

    try (RunningWorker running =
        rig.start(
            policy().streaming(true).batchSize(2).concurrency(2).loopTimeout(TIMEOUT).build())) {
      awaitDeadlinePassed();
      assertThat(running.isDone()).isFalse();
      rig.release.countDown();

      RunReport report = running.report();
      assertThat(report.endReason()).isEqualTo(EndReason.TIMED_OUT);
      assertThat(report.succeeded()).isEqualTo(2);
    }
    assertThat(rig.input.fetchCount()).isEqualTo(1);
    assertThat(rig.input.ready()).extracting(Transaction::id).containsExactly("tx-2", "tx-3");
  }

  @Test
  void aLoopThatFinishesBeforeItsTimeoutIsNotReportedAsTimedOut() {
    rig.input.add(Items.numbered(3));

    RunReport report = rig.report(policy().loopTimeout(Duration.ofMinutes(5)).build());

    assertThat(report.endReason()).isEqualTo(EndReason.DRAINED);
    assertThat(report.succeeded()).isEqualTo(3);
  }
}
