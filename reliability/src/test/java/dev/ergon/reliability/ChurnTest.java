package dev.ergon.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ergon.connector.Connector;
import dev.ergon.engine.Worker;
import dev.ergon.examples.orders.OrderQueue;
import dev.ergon.policy.ConsumerPolicy;
import dev.ergon.task.ConsumerTask;
import dev.ergon.task.TaskConfig;
import dev.ergon.transaction.Transaction;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.slf4j.LoggerFactory;

/**
 * Lifecycle churn: a worker started and stopped many times in one JVM (each cycle opens its
 * connector, processes one transaction in a streaming loop, is stopped from another thread and
 * closed) leaves no threads and no file handles (sockets included) behind: both are counted after a
 * warm-up (which creates what a client library keeps per JVM) and after the cycles. CI runs 15
 * cycles per connector (a leak of one thread or socket per cycle exceeds the slack); {@code
 * -Dergon.churn.cycles=1000} runs the thousand (about 0.5 s per cycle here).
 */
class ChurnTest {
  private static final int WARM_UP = 3;
  private static final int CYCLES = Integer.getInteger("ergon.churn.cycles", 15);

  /** Threads or handles that may come and go on their own (JIT, GC, pools' housekeeping). */
  private static final int SLACK = 8;

  @TempDir Path dir;

  @ParameterizedTest
  @EnumSource(
      value = Backend.class,
      names = {"POSTGRES", "SQLITE", "RABBITMQ", "NATS", "REDIS"})
  void startingAndStoppingAWorkerManyTimesLeaksNoThreadsAndNoFileHandles(Backend b)
      throws Exception {
    String name = "churn_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    OrderQueue queue = b.queue(b.defaultLocation(dir), name);
    queue.prepare();
    try (Connector producer = queue.open()) {
      AtomicInteger processed = new AtomicInteger();
      for (int i = 0; i < WARM_UP; i++) {
        cycle(queue, producer, processed, i);
      }
      long threads0 = threads();
      long files0 = files();
      for (int i = WARM_UP; i < WARM_UP + CYCLES; i++) {
        cycle(queue, producer, processed, i);
      }
      await()
          .atMost(Duration.ofSeconds(60))
          .pollInterval(Duration.ofMillis(200))
          .until(() -> threads() <= threads0 + SLACK && files() <= files0 + SLACK);
      LoggerFactory.getLogger(ChurnTest.class)
          .info(
              "{}: {} cycles; threads {} -> {}, file handles {} -> {}",
              b,
              CYCLES,
              threads0,
              threads(),
              files0,
              files());
      assertThat(processed).hasValue(WARM_UP + CYCLES);
    } finally {
      queue.delete();
    }
  }

  private static void cycle(OrderQueue queue, Connector producer, AtomicInteger processed, int i)
      throws Exception {
    producer.dispatchTransactions(List.of(Transaction.of("c-" + i, Map.of("i", i))));
    int target = i + 1;
    TaskConfig config =
        TaskConfig.builder("churn")
            .task(() -> new Count(processed))
            .connector("input", queue::open)
            .policy(
                ConsumerPolicy.builder("consumer")
                    .concurrency(2)
                    .batchSize(5)
                    .streaming(true)
                    .emptyQueueBackoff(Duration.ofMillis(20), 1.0, null)
                    .build())
            .build();
    try (Worker worker = Worker.start(config)) {
      CompletableFuture<?> run = CompletableFuture.runAsync(worker::execute);
      await()
          .atMost(Duration.ofSeconds(60))
          .pollInterval(Duration.ofMillis(10))
          .until(() -> processed.get() >= target || run.isDone());
      worker.stop();
      run.get(60, TimeUnit.SECONDS);
    }
    assertThat(processed.get()).as("cycle %d processed its transaction", i).isEqualTo(target);
  }

  private static long threads() {
    return ManagementFactory.getThreadMXBean().getThreadCount();
  }

  private static long files() throws IOException {
    try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
      return fds.count();
    }
  }

  /** Counts what it processes. */
  private static final class Count extends ConsumerTask<String> {
    private final AtomicInteger processed;

    Count(AtomicInteger processed) {
      this.processed = processed;
    }

    @Override
    public String processTransaction(Transaction tx) {
      processed.incrementAndGet();
      return tx.id();
    }
  }
}
