package dev.ergon.engine;

import static dev.ergon.engine.LoopRig.policy;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ergon.policy.LoopMode;
import dev.ergon.policy.RetryPolicy;
import dev.ergon.test.InMemoryConnector;
import dev.ergon.test.TaskHarness;
import dev.ergon.transaction.Transaction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What a loop reports (behaviour.md §5): counts by outcome, retries, batches, empty polls; and the
 * concurrency the engine tells its connector.
 */
class LoopReportTest {
  private final LoopRig rig = new LoopRig();

  @AfterEach
  void releaseBlockedWork() {
    rig.close();
  }

  @Test
  void theReportCountsEveryOutcomeRetriesBatchesAndEmptyPolls() {
    // payload % 3: 0 succeeds, 1 fails and is handled, 2 fails and its handler fails too
    rig.input.add(Items.numbered(9));
    rig.script
        .process(
            tx -> {
              if (Items.number(tx) % 3 != 0) {
                throw new IllegalStateException("cannot process " + tx.id());
              }
              return "ok";
            })
        .exception(
            (tx, e) -> {
              if (Items.number(tx) % 3 == 2) {
                throw new IllegalStateException("cannot handle " + tx.id());
              }
            });

    RunReport report =
        rig.report(
            policy()
                .batchSize(4)
                .concurrency(2)
                .processRetry(RetryPolicy.builder().maxAttempts(2).build())
                .build());

    assertThat(report.policy()).isEqualTo("consumer");
    assertThat(report.fetched()).isEqualTo(9);
    assertThat(report.succeeded()).isEqualTo(3);
    assertThat(report.failedHandled()).isEqualTo(3);
    assertThat(report.failedUnhandled()).isEqualTo(3);
    assertThat(report.timedOut()).isZero();
    assertThat(report.redelivered()).isZero();
    assertThat(report.retries()).isEqualTo(6); // one process retry per failing transaction
    assertThat(report.batches()).isEqualTo(3);
    assertThat(report.emptyPolls()).isEqualTo(1);
    assertThat(report.released()).isZero();
    assertThat(report.processed()).isEqualTo(9);
    assertThat(report.processed() + report.released()).isEqualTo(report.fetched());
    assertThat(report.count(Outcome.Kind.FAILED_UNHANDLED)).isEqualTo(3);
    assertThat(rig.input.deadLettered()).hasSize(3);
  }

  @Test
  void anEmptySourceGivesAnEmptyReport() {
    RunReport report = rig.report(policy().build());

    assertThat(report.endReason()).isEqualTo(EndReason.DRAINED);
    assertThat(report.fetched()).isZero();
    assertThat(report.processed()).isZero();
    assertThat(report.batches()).isZero();
    assertThat(report.emptyPolls()).isEqualTo(1);
    assertThat(report.failureCause()).isEmpty();
  }

  @Test
  void theEngineTellsTheConnectorItsConcurrencyInBatchMode() {
    rig.input.add(Items.numbered(3));

    rig.report(policy().concurrency(7).batchSize(20).build());

    assertThat(rig.input.lastConcurrencyHint()).hasValue(7);
  }

  @Test
  void theEngineTellsTheConnectorItsConcurrencyInContinuousMode() {
    InMemoryConnector input = InMemoryConnector.of(Transaction.of("a", 1));

    TaskHarness.of(() -> new ScriptedConsumer(rig.script))
        .connector("input", input)
        .policy(policy().mode(LoopMode.CONTINUOUS).concurrency(4).build())
        .run();

    assertThat(input.lastConcurrencyHint()).hasValue(4);
  }
}
