package dev.ergon.engine;

import static dev.ergon.engine.LoopRig.policy;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ergon.policy.LoopMode;
import dev.ergon.policy.RetryPolicy;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Fetch failures (behaviour.md §5, beyond the original): after {@code fetch.retry} a non-streaming
 * loop drains its in-flight work and fails; a streaming loop stays up, backs off, reports itself
 * unhealthy and resumes when the source answers.
 */
class LoopFetchFailureTest {
  private final LoopRig rig = new LoopRig();

  @AfterEach
  void releaseBlockedWork() {
    rig.close();
  }

  private static Exception brokerDown() {
    return new IOException("broker down");
  }

  @Test
  void aNonStreamingLoopFailsWithTheCauseOnceFetchRetriesAreSpent() {
    rig.input.add(Items.numbered(3));
    rig.input.failNextFetches(3, LoopFetchFailureTest::brokerDown);

    WorkerResult result =
        rig.run(policy().fetchRetry(RetryPolicy.builder().maxAttempts(3).build()).build());

    RunReport report = result.reports().get(0);
    assertThat(report.endReason()).isEqualTo(EndReason.FETCH_FAILED);
    assertThat(report.failureCause())
        .get()
        .isInstanceOf(IOException.class)
        .extracting(Throwable::getMessage)
        .isEqualTo("broker down");
    assertThat(report.fetchFailures()).isEqualTo(1);
    assertThat(report.processed()).isZero();
    assertThat(rig.input.fetchCount()).isEqualTo(3);
    assertThat(result.exitCode()).isEqualTo(1);
  }

  @Test
  void fetchRetriesRecoverFromFailuresFewerThanTheAttempts() {
    rig.input.add(Items.numbered(3));
    rig.input.failNextFetches(2, LoopFetchFailureTest::brokerDown);
    RetryPolicy retry =
        RetryPolicy.builder()
            .maxAttempts(3)
            .backoff(Duration.ofSeconds(1))
            .backoffMultiplier(2)
            .build();

    RunReport report = rig.report(policy().batchSize(3).fetchRetry(retry).build());

    assertThat(report.endReason()).isEqualTo(EndReason.DRAINED);
    assertThat(report.succeeded()).isEqualTo(3);
    assertThat(report.fetchFailures()).isZero();
    assertThat(rig.clock.sleeps()).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2));
  }

  @Test
  void aNonStreamingLoopFinishesItsInFlightWorkBeforeFailing() {
    // continuous, two in flight, then the next fetch fails: both still complete
    CountDownLatch failedFetch = new CountDownLatch(1);
    rig.input.add(Items.numbered(2));
    rig.connector.onFetch(
        2,
        () -> {
          failedFetch.countDown();
          throw brokerDown();
        });
    rig.script.process(
        tx -> {
          if (!failedFetch.await(RunningWorker.PATIENCE.toSeconds(), TimeUnit.SECONDS)) {
            throw new IllegalStateException("the second fetch never came");
          }
          return "ok";
        });

    RunReport report = rig.report(policy().mode(LoopMode.CONTINUOUS).concurrency(3).build());

    assertThat(report.endReason()).isEqualTo(EndReason.FETCH_FAILED);
    assertThat(report.succeeded()).isEqualTo(2);
    assertThat(rig.input.acknowledged()).hasSize(2);
    assertThat(rig.input.inFlight()).isEmpty();
  }

  @Test
  void aStreamingLoopStaysUpBacksOffReportsUnhealthyAndResumes() {
    AtomicReference<Engine> engine = new AtomicReference<>();
    List<Map<String, Object>> healthAtFetch = new CopyOnWriteArrayList<>();
    List<Boolean> healthyWhileProcessing = new CopyOnWriteArrayList<>();
    rig.input.add(Items.numbered(3));
    rig.input.failNextFetches(3, LoopFetchFailureTest::brokerDown);
    rig.connector.onEveryFetch(() -> healthAtFetch.add(engine.get().health().get("consumer")));
    rig.script.process(
        tx -> {
          healthyWhileProcessing.add(engine.get().healthy());
          return "ok";
        });

    RunReport report;
    try (Worker worker =
        Worker.start(rig.config(policy().streaming(true).limit(3).build()), rig.options())) {
      engine.set(worker.engine());
      WorkerResult result = worker.execute();
      report = result.reports().get(0);
      assertThat(result.exitCode()).isZero();
    }

    assertThat(report.endReason()).isEqualTo(EndReason.LIMIT_REACHED);
    assertThat(report.succeeded()).isEqualTo(3);
    assertThat(report.fetchFailures()).isEqualTo(3);
    assertThat(rig.clock.sleeps())
        .containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(4));
    // the first fetch is healthy; every retry while the source keeps failing is not
    assertThat(healthAtFetch.get(0)).containsEntry("healthy", true);
    assertThat(healthAtFetch.subList(1, 4))
        .allSatisfy(
            h -> {
              assertThat(h).containsEntry("state", "fetch_failing").containsEntry("healthy", false);
              assertThat((String) h.get("fetch_failure")).contains("broker down");
            });
    // once the source answers, the loop is healthy again
    assertThat(healthyWhileProcessing).containsOnly(true);
  }

  @Test
  void aStreamingLoopReportsUnhealthyWhileBackingOffFromAFailingSource() {
    rig.systemTime();
    rig.input.failNextFetches(Integer.MAX_VALUE, LoopFetchFailureTest::brokerDown);

    try (RunningWorker running = rig.start(policy().streaming(true).build())) {
      Engine engine = running.worker().engine();
      await().atMost(RunningWorker.PATIENCE).until(() -> !engine.healthy());
      assertThat(engine.health().get("consumer"))
          .containsEntry("state", "fetch_failing")
          .containsEntry("healthy", false);

      rig.input.clearFailures();
      rig.input.add(Items.numbered(1));
      // the backoff after the first failure is one second; then the source answers
      await().atMost(RunningWorker.PATIENCE).until(() -> rig.input.acknowledged().size() == 1);
      await().atMost(RunningWorker.PATIENCE).until(engine::healthy);
      running.worker().stop();

      RunReport report = running.report();
      assertThat(report.endReason()).isEqualTo(EndReason.STOPPED);
      assertThat(report.fetchFailures()).isPositive();
      assertThat(report.succeeded()).isEqualTo(1);
    }
  }

  @Test
  void stopDuringTheFetchRetryBackoffIsAStopNotAFetchFailure() {
    rig.systemTime();
    rig.input.failNextFetches(Integer.MAX_VALUE, LoopFetchFailureTest::brokerDown);
    RetryPolicy retry = RetryPolicy.builder().maxAttempts(5).backoff(Duration.ofHours(1)).build();

    try (RunningWorker running = rig.start(policy().fetchRetry(retry).build())) {
      await().atMost(RunningWorker.PATIENCE).until(() -> rig.input.fetchCount() == 1);
      running.worker().stop();

      RunReport report = running.report();
      assertThat(report.endReason()).isEqualTo(EndReason.STOPPED);
      assertThat(running.result().exitCode()).isZero();
    }
  }
}
