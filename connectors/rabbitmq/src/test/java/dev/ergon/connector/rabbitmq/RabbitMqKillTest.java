package dev.ergon.connector.rabbitmq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ergon.transaction.Transaction;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A worker process is killed with SIGKILL a third of the way through 10,000 messages; a second
 * worker finishes. Every message is processed at least once, and the duplicates stay within the
 * first worker's in-flight bound (its prefetch).
 */
class RabbitMqKillTest {
  private static final int TOTAL = 10_000;
  private static final int CONCURRENCY = 10;

  private final String queue = Broker.uniqueName("ergon_kill");
  private final List<Process> processes = new ArrayList<>();
  private Broker broker;
  @TempDir Path dir;

  @BeforeEach
  void connect() throws Exception {
    broker = new Broker();
  }

  @AfterEach
  void cleanUp() throws Exception {
    processes.forEach(Process::destroyForcibly);
    broker.deleteQueues(queue);
    broker.close();
  }

  @Test
  void aKilledWorkerLosesNothingAndDuplicatesStayWithinItsInFlightBound() throws Exception {
    try (RabbitMqConnector producer =
        new RabbitMqConnector(
            Broker.client("ergon-kill-producer"),
            RabbitMqConsumerConfig.queue(queue),
            RabbitMqProducerConfig.toQueue(queue))) {
      List<Transaction> txs = new ArrayList<>();
      for (int i = 0; i < TOTAL; i++) {
        txs.add(Transaction.of("k-" + i, Map.of("n", i)));
      }
      producer.dispatchTransactions(txs);
    }
    Path processed = dir.resolve("processed.txt");

    Process first = start(processed, "first");
    await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(20))
        .until(() -> lines(processed).size() >= TOTAL / 3);
    first.destroyForcibly().waitFor();
    int processedByFirst = lines(processed).size();
    assertThat(processedByFirst).isLessThan(TOTAL);

    Process second = start(processed, "second");
    await()
        .atMost(Duration.ofSeconds(90))
        .until(() -> new HashSet<>(lines(processed)).size() == TOTAL && messages(queue) == 0);
    second.destroyForcibly().waitFor();

    List<String> all = lines(processed);
    Set<String> distinct = new HashSet<>(all);
    assertThat(distinct)
        .containsExactlyInAnyOrderElementsOf(
            IntStream.range(0, TOTAL).mapToObj(i -> "k-" + i).toList());
    assertThat(all.size() - distinct.size())
        .as("duplicates (the first worker processed %d before SIGKILL)", processedByFirst)
        .isBetween(0, CONCURRENCY);
    assertThat(broker.ready(queue)).isZero();
  }

  private Process start(Path processed, String role) throws IOException {
    String java = ProcessHandle.current().info().command().orElse("java");
    Process p =
        new ProcessBuilder(
                java,
                "-cp",
                System.getProperty("java.class.path"),
                ConsumerProcess.class.getName(),
                queue,
                processed.toString(),
                "ergon-kill-" + role + "-" + queue,
                String.valueOf(CONCURRENCY))
            .redirectErrorStream(true)
            .redirectOutput(Path.of("target", "kill-test-" + role + ".log").toFile())
            .start();
    processes.add(p);
    return p;
  }

  private static List<String> lines(Path file) throws IOException {
    if (!Files.exists(file)) {
      return List.of();
    }
    return Files.readAllLines(file).stream().filter(l -> !l.isBlank()).toList();
  }

  /** Ready plus unacknowledged messages, as the broker counts them. */
  private static long messages(String queue) throws Exception {
    for (String line : Broker.ctl("-q", "--no-table-headers", "list_queues", "name", "messages")) {
      String[] cols = line.trim().split("\\s+");
      if (cols.length == 2 && cols[0].equals(queue)) {
        return Long.parseLong(cols[1]);
      }
    }
    throw new IllegalStateException("queue " + queue + " not found");
  }
}
