package dev.ergon.runtime.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ergon.policy.ConsumerPolicy;
import dev.ergon.policy.SupervisionPolicy;
import dev.ergon.runtime.RunOptions;
import dev.ergon.task.ConsumerTask;
import dev.ergon.task.TaskConfig;
import dev.ergon.test.InMemoryConnector;
import dev.ergon.transaction.Transaction;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A hard exit still runs the shutdown hooks (a telemetry flush) within a bound, before halting. */
class WorkerRunHardExitTest {
  private final List<String> events = new CopyOnWriteArrayList<>();
  private final CountDownLatch release = new CountDownLatch(1);

  /** Never returns until released, and ignores interrupts: a wedged task. */
  final class Wedged extends ConsumerTask<String> {
    @Override
    public String processTransaction(Transaction tx) {
      while (true) {
        try {
          release.await();
          return "late";
        } catch (InterruptedException ignored) {
          // wedged
        }
      }
    }
  }

  @Test
  void aSupervisionForcedExitFlushesTheShutdownHooksBeforeHalting() throws Exception {
    TaskConfig config =
        TaskConfig.builder("wedged")
            .task(Wedged::new)
            .connector("input", () -> InMemoryConnector.of(Transaction.of("stuck-1", "p")))
            .policy(ConsumerPolicy.builder("consumer").runtimeTimeout(null).build())
            .build();
    SupervisionPolicy supervision =
        SupervisionPolicy.builder()
            .checkInterval(Duration.ofMillis(100))
            .startupGrace(Duration.ZERO)
            .unhealthyGrace(Duration.ofMillis(200))
            .shutdownGrace(Duration.ofMillis(300))
            .processingStaleAfter(Duration.ofMillis(300))
            .build();
    RunOptions options =
        RunOptions.builder()
            .supervision(supervision)
            .worker(0, 1)
            .shutdownHook(() -> events.add("telemetry flushed"))
            .build();
    CountDownLatch halted = new CountDownLatch(1);
    WorkerRun run =
        new WorkerRun(
            config,
            options,
            new WorkerIdentity(0, 1, false, false),
            code -> {
              events.add("halt " + code);
              halted.countDown();
            });

    Thread runner = Thread.ofVirtual().start(run::run);
    try {
      assertThat(halted.await(30, TimeUnit.SECONDS)).as("halted").isTrue();
      assertThat(events).startsWith("telemetry flushed", "halt 1");
    } finally {
      release.countDown();
      runner.join(Duration.ofSeconds(30));
    }
    assertThat(events).containsOnlyOnce("telemetry flushed");
  }
}
