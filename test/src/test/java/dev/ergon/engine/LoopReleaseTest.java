package dev.ergon.engine;

import static dev.ergon.engine.LoopRig.policy;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ergon.policy.LoopMode;
import dev.ergon.test.Settlement;
import dev.ergon.transaction.Transaction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Fetched transactions the loop does not start are given back to the source, never dropped: the
 * surplus of a connector that returns more than asked, and the unstarted rest of a batch on stop
 * (behaviour.md §5, §8).
 */
class LoopReleaseTest {
  private final LoopRig rig = new LoopRig();

  @AfterEach
  void releaseBlockedWork() {
    rig.close();
  }

  @Test
  void transactionsBeyondWhatWasAskedForAreReleasedAndNeverProcessed() {
    rig.input.add(Items.numbered(6));
    rig.connector.returnMoreThanAsked(2);

    RunReport report = rig.report(policy().batchSize(2).limit(2).build());

    assertThat(report.processed()).isEqualTo(2);
    assertThat(report.released()).isEqualTo(2);
    assertThat(rig.script.processCalls.keySet()).containsExactlyInAnyOrder("tx-0", "tx-1");
    assertThat(rig.input.settlementLog())
        .containsExactlyInAnyOrder(
            Settlement.acknowledged("tx-0"),
            Settlement.acknowledged("tx-1"),
            Settlement.released("tx-2"),
            Settlement.released("tx-3"));
    assertThat(rig.input.ready()).hasSize(4);
    assertThat(report.processed() + report.released()).isEqualTo(report.fetched());
  }

  @Test
  void aConnectorThatReturnsTooMuchStillHasEverythingProcessedExactlyOnceInTheEnd() {
    rig.input.add(Items.numbered(10));
    rig.connector.returnMoreThanAsked(3);

    RunReport report =
        rig.report(policy().mode(LoopMode.CONTINUOUS).concurrency(2).batchSize(2).build());

    assertThat(report.succeeded()).isEqualTo(10);
    assertThat(rig.script.processCalls.values()).allSatisfy(n -> assertThat(n.get()).isEqualTo(1));
    assertThat(rig.input.acknowledged()).hasSize(10);
    assertThat(rig.input.ready()).isEmpty();
    assertThat(report.processed() + report.released()).isEqualTo(report.fetched());
  }

  @Test
  void stopReleasesFetchedButUnstartedTransactionsAndLetsTheRunningOneFinish() {
    rig.input.add(Items.numbered(10));
    rig.script.process(tx -> tx.id().equals("tx-0") ? rig.block("slow") : "fast");

    try (RunningWorker running = rig.start(policy().batchSize(10).concurrency(1).build())) {
      await().atMost(RunningWorker.PATIENCE).until(() -> rig.script.processCalls("tx-0") == 1);
      running.worker().stop();
      rig.release.countDown(); // tx-0 finishes right after the stop request

      RunReport report = running.report();
      assertThat(report.endReason()).isEqualTo(EndReason.STOPPED);
      assertThat(report.succeeded()).isEqualTo(1);
      assertThat(report.released()).isEqualTo(9);
      assertThat(report.processed() + report.released()).isEqualTo(report.fetched());
    }
    assertThat(rig.script.processCalls.keySet()).containsExactly("tx-0");
    assertThat(rig.input.acknowledged()).extracting(Transaction::id).containsExactly("tx-0");
    assertThat(rig.input.released())
        .extracting(Transaction::id)
        .containsExactly("tx-1", "tx-2", "tx-3", "tx-4", "tx-5", "tx-6", "tx-7", "tx-8", "tx-9");
    assertThat(rig.input.fetchCount()).isEqualTo(1);
  }

  @Test
  void stopInContinuousModeFinishesInFlightWorkAndFetchesNoMore() {
    rig.input.add(Items.numbered(10));
    rig.script.process(tx -> rig.block("slow"));

    try (RunningWorker running =
        rig.start(policy().mode(LoopMode.CONTINUOUS).concurrency(3).build())) {
      await().atMost(RunningWorker.PATIENCE).until(() -> rig.script.running.get() == 3);
      running.worker().stop();
      rig.release.countDown();

      RunReport report = running.report();
      assertThat(report.endReason()).isEqualTo(EndReason.STOPPED);
      assertThat(report.succeeded()).isEqualTo(3);
    }
    assertThat(rig.input.acknowledged()).hasSize(3);
    assertThat(rig.input.ready()).hasSize(7);
    assertThat(rig.script.totalProcessCalls()).isEqualTo(3);
  }
}
