package dev.ergon.connector.nats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ergon.transaction.Transaction;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A worker process holds four transactions unacknowledged (while its connector sends in-progress
 * acks for them) for longer than the ack wait and is killed with SIGKILL; another consumer of the
 * same durable then receives all 20 messages, the four held ones as redeliveries: 0 lost.
 */
class NatsKillTest {
  private static final int TOTAL = 20;
  private static final int CONCURRENCY = 4;

  private final String stream = Js.unique("ergon_kill");
  private final List<Process> processes = new ArrayList<>();
  private final List<NatsConnector> opened = new ArrayList<>();
  private Js js;
  @TempDir Path dir;

  @BeforeEach
  void connect() throws Exception {
    js = new Js();
  }

  @AfterEach
  void cleanUp() throws Exception {
    processes.forEach(Process::destroyForcibly);
    opened.forEach(NatsConnector::close);
    js.deleteStream(stream);
    js.close();
  }

  @Test
  void aKilledWorkersUnackedMessagesAreRedeliveredToAnotherConsumer() throws Exception {
    NatsConnector survivor =
        new NatsConnector(Js.settings(stream).ackWait(Duration.ofSeconds(2)).build());
    opened.add(survivor);
    List<Transaction> txs = new ArrayList<>();
    for (int i = 0; i < TOTAL; i++) {
      txs.add(Transaction.of("k-" + i, Map.of("n", i)));
    }
    survivor.dispatchTransactions(txs);
    Path held = dir.resolve("held.txt");

    Process worker = start(held);
    await().atMost(Duration.ofSeconds(60)).until(() -> lines(held).size() >= CONCURRENCY);
    // held past the ack wait: in-progress acks keep them with the worker
    await()
        .during(Duration.ofSeconds(3))
        .atMost(Duration.ofSeconds(20))
        .until(() -> lines(held).size() == CONCURRENCY);
    List<String> heldIds = lines(held);
    worker.destroyForcibly().waitFor();

    Map<String, String> deliveries = new HashMap<>();
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () -> {
              for (Transaction tx : survivor.fetchTransactions(10)) {
                deliveries.put(tx.id(), tx.metadata().get("nats.delivered"));
                survivor.acknowledge(tx);
              }
              return deliveries.size() == TOTAL;
            });

    assertThat(deliveries.keySet())
        .containsExactlyInAnyOrderElementsOf(
            IntStream.range(0, TOTAL).mapToObj(i -> "k-" + i).toList());
    Set<String> redelivered =
        deliveries.entrySet().stream()
            .filter(e -> !e.getValue().equals("1"))
            .map(Map.Entry::getKey)
            .collect(Collectors.toSet());
    assertThat(redelivered).containsExactlyInAnyOrderElementsOf(heldIds);
    await().atMost(Duration.ofSeconds(10)).until(() -> survivor.countTransactions() == 0);
  }

  private Process start(Path held) throws IOException {
    String java = ProcessHandle.current().info().command().orElse("java");
    Process p =
        new ProcessBuilder(
                java,
                "-cp",
                System.getProperty("java.class.path"),
                ConsumerProcess.class.getName(),
                stream,
                held.toString(),
                String.valueOf(CONCURRENCY))
            .redirectErrorStream(true)
            .redirectOutput(Path.of("target", "kill-test-worker.log").toFile())
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
}
