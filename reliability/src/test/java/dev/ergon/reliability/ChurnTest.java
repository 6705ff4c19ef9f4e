package dev.ergon.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ergon.connector.Connector;
import dev.ergon.engine.Worker;
import dev.ergon.examples.orders.EmbeddedServer;
import dev.ergon.examples.orders.OrderQueue;
import dev.ergon.policy.ConsumerPolicy;
import dev.ergon.task.ConsumerTask;
import dev.ergon.task.TaskConfig;
import dev.ergon.transaction.Transaction;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Lifecycle churn: a worker started and stopped many times in one JVM (each cycle opens its
 * connector, processes one transaction in a streaming loop, is stopped from another thread and
 * closed) leaves no threads and no file handles (sockets included) behind: both are counted after a
 * warm-up (which creates what a client library keeps per JVM) and after the cycles (the JVM's own
 * pools, the virtual-thread carriers and the common pool, are not counted); a failure lists the
 * threads and handles that were not there before. CI runs 15 cycles per connector (a leak of one
 * thread or socket per cycle exceeds the slack); {@code -Dergon.churn.cycles=1000} runs the issue's
 * thousand (about 0.5 s per cycle here).
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
      names = {"POSTGRES", "SQLITE", "RABBITMQ", "NATS", "REDIS", "HTTP"})
  void startingAndStoppingAWorkerManyTimesLeaksNoThreadsAndNoFileHandles(Backend b)
      throws Exception {
    String name = "churn_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    // the HTTP queue's API runs in this JVM, started before anything is counted
    EmbeddedServer api = b == Backend.HTTP ? EmbeddedServer.http() : null;
    OrderQueue queue = b.queue(api != null ? api.address() : b.defaultLocation(dir), name);
    queue.prepare();
    try (Connector producer = queue.open()) {
      AtomicInteger processed = new AtomicInteger();
      for (int i = 0; i < WARM_UP; i++) {
        cycle(queue, producer, processed, i);
      }
      long threads0 = threads();
      long files0 = files();
      Map<Long, String> threadsBefore = threadNames();
      Map<String, String> filesBefore = fileTargets();
      for (int i = WARM_UP; i < WARM_UP + CYCLES; i++) {
        cycle(queue, producer, processed, i);
      }
      try {
        await()
            .atMost(Duration.ofSeconds(90))
            .pollInterval(Duration.ofMillis(200))
            .until(() -> threads() <= threads0 + SLACK && files() <= files0 + SLACK);
      } catch (ConditionTimeoutException e) {
        throw new AssertionError(
            b
                + ": after "
                + CYCLES
                + " cycles threads "
                + threads0
                + " -> "
                + threads()
                + ", file handles "
                + files0
                + " -> "
                + files()
                + " (slack "
                + SLACK
                + "); threads not there before: "
                + added(threadsBefore, threadNames())
                + "; file handles not there before: "
                + added(filesBefore, fileTargets()),
            e);
      }
      System.out.printf(
          "ChurnTest %s: %d cycles; threads %d -> %d, file handles %d -> %d%n",
          b, CYCLES, threads0, threads(), files0, files());
      assertThat(processed).hasValue(WARM_UP + CYCLES);
    } finally {
      try {
        queue.delete();
      } finally {
        if (api != null) {
          api.close();
        }
      }
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
      FutureTask<Void> run = new FutureTask<>(worker::execute, null);
      Thread.ofPlatform().name("churn-run-" + i).start(run);
      await()
          .atMost(Duration.ofSeconds(60))
          .pollInterval(Duration.ofMillis(10))
          .until(() -> processed.get() >= target || run.isDone());
      worker.stop();
      run.get(60, TimeUnit.SECONDS);
    }
    assertThat(processed.get()).as("cycle %d processed its transaction", i).isEqualTo(target);
  }

  /** What {@code after} holds that {@code before} did not, as "key=value" entries. */
  private static <K> List<String> added(Map<K, String> before, Map<K, String> after) {
    return after.entrySet().stream()
        .filter(e -> !e.getValue().equals(before.get(e.getKey())))
        .map(e -> e.getKey() + "=" + e.getValue())
        .sorted()
        .toList();
  }

  private static Map<Long, String> threadNames() {
    return ownThreads().collect(Collectors.toMap(Thread::threadId, Thread::getName, (x, y) -> x));
  }

  /**
   * The live platform threads but those of the JVM's own pools: the virtual-thread scheduler's
   * carriers and the common pool's workers grow under load and retire after up to 60 s idle, once
   * per JVM and bounded, so they can come and go but cannot leak per worker.
   */
  private static Stream<Thread> ownThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> !t.getClass().getName().equals("jdk.internal.misc.CarrierThread"))
        .filter(t -> !t.getName().startsWith("ForkJoinPool.commonPool-worker-"));
  }

  /** Open file descriptors and what each points to (a file, a socket, a pipe). */
  private static Map<String, String> fileTargets() throws IOException {
    Map<String, String> targets = new TreeMap<>();
    try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
      for (Path fd : fds.toList()) {
        try {
          targets.put(fd.getFileName().toString(), Files.readSymbolicLink(fd).toString());
        } catch (IOException gone) {
          // closed between the listing and the read: not a leak
        }
      }
    }
    return targets;
  }

  private static long threads() {
    return ownThreads().count();
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
