package dev.ergon.engine;

import static dev.ergon.engine.LoopRig.policy;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ergon.policy.ConsumerPolicy;
import dev.ergon.policy.LoopMode;
import dev.ergon.transaction.Transaction;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Streaming loops (behaviour.md §5; the original's tests 23–25, 29): an empty fetch backs off and
 * polls again, the backoff starts over when work arrives, and the loop ends on its limit, its
 * timeout or a stop.
 */
class LoopStreamingTest {
  private static final Duration SECOND = Duration.ofSeconds(1);

  private final LoopRig rig = new LoopRig();

  @AfterEach
  void releaseBlockedWork() {
    rig.close();
  }

  private static ConsumerPolicy.Builder streaming() {
    return policy().streaming(true).emptyQueueBackoff(SECOND, 2.0, Duration.ofSeconds(10));
  }

  private static Duration seconds(long n) {
    return Duration.ofSeconds(n);
  }

  @Test
  void consecutiveEmptyPollsBackOffExponentiallyUpToTheCap() {
    rig.connector.onFetch(7, () -> rig.input.add(Transaction.of("late", 1)));

    RunReport report = rig.report(streaming().limit(1).build());

    assertThat(rig.clock.sleeps())
        .containsExactly(seconds(1), seconds(2), seconds(4), seconds(8), seconds(10), seconds(10));
    assertThat(report.emptyPolls()).isEqualTo(6);
    assertThat(report.succeeded()).isEqualTo(1);
    assertThat(report.endReason()).isEqualTo(EndReason.LIMIT_REACHED);
  }

  @Test
  void theEmptyPollCounterStartsOverWhenWorkArrives() {
    rig.connector
        .onFetch(4, () -> rig.input.add(Transaction.of("a", 1)))
        .onFetch(7, () -> rig.input.add(Transaction.of("b", 2)));

    RunReport report = rig.report(streaming().limit(2).build());

    assertThat(rig.clock.sleeps())
        .containsExactly(seconds(1), seconds(2), seconds(4), seconds(1), seconds(2));
    assertThat(report.succeeded()).isEqualTo(2);
  }

  @Test
  void theEmptyPollCounterStartsOverInContinuousModeToo() {
    rig.connector
        .onFetch(3, () -> rig.input.add(Transaction.of("a", 1)))
        .onFetch(6, () -> rig.input.add(Transaction.of("b", 2)));

    RunReport report =
        rig.report(streaming().mode(LoopMode.CONTINUOUS).concurrency(2).limit(2).build());

    assertThat(rig.clock.sleeps()).startsWith(seconds(1), seconds(2), seconds(1));
    assertThat(rig.clock.sleeps()).doesNotContain(seconds(4));
    assertThat(report.succeeded()).isEqualTo(2);
  }

  @Test
  void aStreamingLoopStopsExactlyAtItsLimitWhileWorkKeepsArriving() {
    rig.input.add(Items.numbered(2));
    rig.connector.onFetch(3, () -> rig.input.add(Items.numbered(2, 10)));

    RunReport report = rig.report(streaming().batchSize(3).limit(5).build());

    assertThat(report.endReason()).isEqualTo(EndReason.LIMIT_REACHED);
    assertThat(report.processed()).isEqualTo(5);
    assertThat(rig.input.ready()).hasSize(7);
    assertThat(rig.input.released()).isEmpty();
  }

  @Test
  void aStreamingLoopEndsOnItsTimeoutWhenTheSourceStaysEmpty() {
    rig.systemTime();
    long started = System.nanoTime();

    RunReport report =
        rig.report(policy().streaming(true).loopTimeout(Duration.ofMillis(500)).build());

    Duration took = Duration.ofNanos(System.nanoTime() - started);
    assertThat(report.endReason()).isEqualTo(EndReason.TIMED_OUT);
    assertThat(took).isBetween(Duration.ofMillis(500), Duration.ofSeconds(15));
    assertThat(report.emptyPolls()).isPositive();
    assertThat(report.fetched()).isZero();
  }

  @Test
  void theLoopTimeoutCutsALongEmptyQueueBackoffShort() {
    rig.systemTime();

    try (RunningWorker running =
        rig.start(
            policy()
                .streaming(true)
                .emptyQueueBackoff(Duration.ofHours(1), 1.0, null)
                .loopTimeout(Duration.ofMillis(300))
                .build())) {
      RunReport report = running.report();
      assertThat(report.endReason()).isEqualTo(EndReason.TIMED_OUT);
      assertThat(report.duration()).isLessThan(Duration.ofSeconds(15));
    }
  }

  @Test
  void stopEndsAStreamingLoopWaitingOnAnEmptySource() {
    rig.systemTime();

    try (RunningWorker running =
        rig.start(
            policy().streaming(true).emptyQueueBackoff(Duration.ofHours(1), 1.0, null).build())) {
      await().atMost(RunningWorker.PATIENCE).until(() -> rig.input.fetchCount() >= 1);
      long stopped = System.nanoTime();
      running.worker().stop();

      RunReport report = running.report();
      assertThat(report.endReason()).isEqualTo(EndReason.STOPPED);
      assertThat(Duration.ofNanos(System.nanoTime() - stopped)).isLessThan(Duration.ofSeconds(15));
      assertThat(running.result().exitCode()).isZero();
    }
  }

  @Test
  void stopFromAnotherThreadEndsABusyStreamingLoopAfterItsWork() {
    rig.systemTime();
    rig.input.add(Items.numbered(3));
    rig.script.process(tx -> tx.id().equals("tx-0") ? rig.block("slow") : "fast");

    try (RunningWorker running = rig.start(policy().streaming(true).build())) {
      await().atMost(RunningWorker.PATIENCE).until(() -> rig.script.processCalls("tx-0") == 1);
      running.worker().engine().stop();
      rig.release.countDown();

      RunReport report = running.report();
      assertThat(report.endReason()).isEqualTo(EndReason.STOPPED);
      assertThat(report.succeeded()).isEqualTo(1);
      assertThat(rig.input.fetchCount()).isEqualTo(1);
    }
    assertThat(rig.input.ready()).extracting(Transaction::id).containsExactly("tx-1", "tx-2");
  }
}
