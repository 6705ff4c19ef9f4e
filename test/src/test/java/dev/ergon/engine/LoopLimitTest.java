package dev.ergon.engine;

import static dev.ergon.engine.LoopRig.policy;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ergon.policy.LoopMode;
import dev.ergon.transaction.Transaction;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@code loop.limit} (behaviour.md §5, beyond the original): exactly the limit is taken, never
 * more, and nothing is fetched only to be dropped.
 */
class LoopLimitTest {
  private final LoopRig rig = new LoopRig();

  @AfterEach
  void releaseBlockedWork() {
    rig.close();
  }

  @Test
  void aLimitBelowTheBatchSizeTakesExactlyTheLimitAndLeavesTheRestReady() {
    rig.input.add(Items.numbered(25));

    RunReport report = rig.report(policy().batchSize(10).limit(5).build());

    assertThat(report.endReason()).isEqualTo(EndReason.LIMIT_REACHED);
    assertThat(report.fetched()).isEqualTo(5);
    assertThat(report.succeeded()).isEqualTo(5);
    assertThat(rig.input.maxFetchSizeRequested()).isEqualTo(5);
    assertThat(rig.input.ready()).hasSize(20);
    assertThat(rig.input.released()).isEmpty();
    assertThat(rig.input.acknowledged())
        .extracting(Transaction::id)
        .containsExactlyInAnyOrder("tx-0", "tx-1", "tx-2", "tx-3", "tx-4");
  }

  @Test
  void aLimitThatIsNotAMultipleOfTheBatchSizeStillTakesExactlyTheLimit() {
    // the original processed 6 here: it applied the limit per batch
    rig.input.add(Items.numbered(10));

    RunReport report = rig.report(policy().batchSize(3).limit(5).build());

    assertThat(report.endReason()).isEqualTo(EndReason.LIMIT_REACHED);
    assertThat(report.processed()).isEqualTo(5);
    assertThat(rig.connector.fetches())
        .extracting(ScriptedConnector.Fetch::size)
        .containsExactly(3, 2);
    assertThat(rig.input.ready()).hasSize(5);
    assertThat(rig.script.totalProcessCalls()).isEqualTo(5);
  }

  @Test
  void limitZeroFetchesNothingAndReturnsAtOnce() {
    rig.input.add(Items.numbered(3));
    long started = System.nanoTime();

    RunReport report = rig.report(policy().limit(0).streaming(true).build());

    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
    assertThat(report.endReason()).isEqualTo(EndReason.LIMIT_REACHED);
    assertThat(report.fetched()).isZero();
    assertThat(rig.input.fetchCount()).isZero();
    assertThat(rig.input.ready()).hasSize(3);
  }

  @Test
  void continuousModeTakesExactlyTheLimit() {
    rig.input.add(Items.numbered(20));

    RunReport report =
        rig.report(policy().mode(LoopMode.CONTINUOUS).concurrency(3).limit(5).build());

    assertThat(report.endReason()).isEqualTo(EndReason.LIMIT_REACHED);
    assertThat(report.processed()).isEqualTo(5);
    assertThat(rig.input.ready()).hasSize(15);
    assertThat(rig.input.released()).isEmpty();
    assertThat(rig.script.totalProcessCalls()).isEqualTo(5);
  }

  @Test
  void aLimitAboveWhatTheSourceHoldsEndsWhenTheSourceIsDrained() {
    rig.input.add(Items.numbered(4));

    RunReport report = rig.report(policy().batchSize(3).limit(10).build());

    assertThat(report.endReason()).isEqualTo(EndReason.DRAINED);
    assertThat(report.processed()).isEqualTo(4);
  }
}
