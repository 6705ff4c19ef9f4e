package dev.ergon.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.ergon.ConfigurationException;
import dev.ergon.policy.ConsumerPolicy;
import dev.ergon.policy.SupervisionPolicy;
import dev.ergon.task.ConsumerTask;
import dev.ergon.task.TaskConfig;
import dev.ergon.test.InMemoryConnector;
import dev.ergon.transaction.Transaction;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@link EmbeddedRun}: a task in this process, its health, its graceful and forced stops. */
class EmbeddedRunTest {
  private static final Duration WAIT = Duration.ofSeconds(30);

  private final InMemoryConnector input = new InMemoryConnector();
  private final CountDownLatch release = new CountDownLatch(1);

  /** Processes every transaction; the one named "wedged" waits for the test's release. */
  final class Gated extends ConsumerTask<String> {
    @Override
    public String processTransaction(Transaction tx) throws InterruptedException {
      if (tx.id().equals("wedged")) {
        release.await(60, TimeUnit.SECONDS);
      }
      return tx.id();
    }
  }

  @AfterEach
  void releaseTheTask() {
    release.countDown();
  }

  private TaskConfig config(SupervisionPolicy supervision) {
    return TaskConfig.builder("embedded")
        .task(Gated::new)
        .connector("input", () -> input)
        .policy(ConsumerPolicy.builder("consumer").streaming(true).build())
        .supervision(supervision)
        .build();
  }

  @Test
  void processesBecomesReadyAndDrainsOnAGracefulStop() throws Exception {
    List<String> events = new CopyOnWriteArrayList<>();
    EmbeddedRun run =
        EmbeddedRun.start(
            config(SupervisionPolicy.defaults()),
            RunOptions.builder().shutdownHook(() -> events.add("hook")).build());
    run.whenTerminated(() -> events.add("terminated"));
    input.add(Transaction.of("a", 1), Transaction.of("b", 2));
    await().atMost(WAIT).until(() -> input.acknowledged().size() == 2);
    await().atMost(WAIT).until(() -> run.health().ready());
    assertThat(run.health().live()).isTrue();
    assertThat(run.result()).isEmpty();

    assertThat(run.stop(WAIT)).isTrue();

    assertThat(run.running()).isFalse();
    await().atMost(WAIT).until(() -> events.size() == 2);
    assertThat(events).containsExactly("hook", "terminated");
    assertThat(input.closeCount()).isEqualTo(1);
    assertThat(run.result()).hasValueSatisfying(r -> assertThat(r.succeeded()).isTrue());
    assertThat(run.result().get().exitCode()).isEqualTo(ExitCodes.OK);
    assertThat(run.health().ready()).isFalse();
    assertThat(run.health().readiness().state()).isEqualTo("stopping");
  }

  @Test
  void aStopPastItsGraceClosesTheConnectorsSoTheTransactionInFlightIsRedelivered()
      throws Exception {
    EmbeddedRun run = EmbeddedRun.start(config(SupervisionPolicy.defaults()));
    input.add(Transaction.of("wedged", 1));
    await().atMost(WAIT).until(() -> input.inFlight().size() == 1);

    long t0 = System.nanoTime();
    assertThat(run.stop(Duration.ofMillis(300))).isFalse();
    assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(10));

    assertThat(input.ready()).extracting(Transaction::id).containsExactly("wedged");
    assertThat(input.acknowledged()).isEmpty();
    release.countDown();
    assertThat(run.awaitTermination(WAIT)).isTrue();
    assertThat(run.result().orElseThrow().failure()).contains("did not drain within PT0.3S");
    assertThat(run.result().get().exitCode()).isEqualTo(ExitCodes.FAILURE);
  }

  @Test
  void aWedgedTaskIsNotLivePastUnhealthyGraceNamingTheStuckTransaction() throws Exception {
    SupervisionPolicy fast =
        SupervisionPolicy.builder()
            .checkInterval(Duration.ofMillis(100))
            .startupGrace(Duration.ZERO)
            .unhealthyGrace(Duration.ofMillis(500))
            .processingStaleAfter(Duration.ofMillis(500))
            .build();
    EmbeddedRun run = EmbeddedRun.start(config(fast));
    input.add(Transaction.of("wedged", 1));

    await()
        .atMost(WAIT)
        .until(() -> run.health().liveness().reason(), r -> r != null && r.contains("supervision"));
    TaskHealth health = run.health();
    assertThat(health.live()).isFalse();
    assertThat(health.ready()).isFalse();
    assertThat(health.liveness().reason())
        .contains("task 'embedded'")
        .contains("stopped by supervision")
        .contains("wedged");
    assertThat(run.stop(Duration.ZERO)).isFalse();
    release.countDown();
    assertThat(run.awaitTermination(WAIT)).isTrue();
    assertThat(run.health().live()).as("stays down after the end").isFalse();
  }

  @Test
  void theStuckTransactionsAreListedWhileTheTaskIsWedged() {
    SupervisionPolicy slowGrace =
        SupervisionPolicy.builder()
            .checkInterval(Duration.ofMillis(100))
            .startupGrace(Duration.ZERO)
            .unhealthyGrace(Duration.ofMinutes(10))
            .processingStaleAfter(Duration.ofMillis(300))
            .build();
    EmbeddedRun run = EmbeddedRun.start(config(slowGrace));
    try {
      input.add(Transaction.of("wedged", 1));
      await().atMost(WAIT).until(() -> !run.health().live());
      HealthReading live = run.health().liveness();
      assertThat(live.state()).isEqualTo("processing_stalled");
      assertThat(live.stuckTransactions()).containsExactly("wedged");
    } finally {
      release.countDown();
      run.stop(WAIT);
    }
  }

  @Test
  void severalWorkersWithoutAWorkerIdentityAreRejectedNamingTheTask() {
    TaskConfig many =
        TaskConfig.builder("many")
            .task(Gated::new)
            .connector("input", () -> input)
            .policy(ConsumerPolicy.defaults("consumer"))
            .maxWorkers(3)
            .build();
    assertThatThrownBy(() -> EmbeddedRun.start(many))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("task 'many'")
        .hasMessageContaining("max_workers = 3");
  }

  @Test
  void aFactoryThatFailsFailsTheStartAndClosesWhatWasBuilt() {
    TaskConfig broken =
        TaskConfig.builder("broken")
            .task(Gated::new)
            .connector("input", () -> input)
            .service(
                "db",
                () -> {
                  throw new IllegalStateException("no database today");
                })
            .policy(ConsumerPolicy.defaults("consumer"))
            .build();
    assertThatThrownBy(() -> EmbeddedRun.start(broken)).hasMessageContaining("no database today");
    assertThat(input.closeCount()).isEqualTo(1);
  }
}
