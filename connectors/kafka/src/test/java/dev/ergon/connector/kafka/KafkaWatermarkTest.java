package dev.ergon.connector.kafka;

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
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The trap: with records completed out of order, the committed offset of a partition never passes
 * an unsettled record, so a consumer that dies or closes loses nothing; what comes again is only
 * what lay above the watermark.
 */
class KafkaWatermarkTest {
  private final String topic = Broker.unique("wm");
  private final String group = topic + "_g";
  private final List<KafkaConnector> opened = new ArrayList<>();
  private final List<Process> processes = new ArrayList<>();
  @TempDir Path dir;

  @AfterEach
  void cleanUp() {
    processes.forEach(Process::destroyForcibly);
    opened.forEach(KafkaConnector::close);
    Broker.deleteTopics(topic);
  }

  private KafkaConnector consumer(int maxInFlight) throws Exception {
    KafkaConnector c =
        new KafkaConnector(
            KafkaSettings.builder()
                .bootstrapServers(Broker.bootstrap())
                .topics(topic)
                .group(group)
                .ordering(KafkaOrdering.UNORDERED)
                .commitInterval(Duration.ofMillis(100))
                .maxInFlight(maxInFlight)
                .clientId("wm-" + opened.size())
                .build());
    opened.add(c);
    assertThat(c.awaitAssignment(Duration.ofSeconds(60))).isTrue();
    return c;
  }

  @Test
  void theCommitStopsBelowTheLowestUnsettledRecordAndANewConsumerGetsEverythingAboveIt()
      throws Exception {
    Broker.createTopic(topic, 1);
    try (Records r = new Records()) {
      for (int i = 0; i < 10; i++) {
        r.send(topic, 0, null, "{\"n\":" + i + "}");
      }
      r.flush();
    }
    KafkaConnector first = consumer(1000);
    List<Transaction> got = new ArrayList<>();
    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () -> {
              got.addAll(first.fetchTransactions(10));
              return got.size() == 10;
            });
    // settle out of order: 9..5, then 0..2; 3 and 4 stay in flight
    for (int i : new int[] {9, 8, 7, 6, 5, 0, 1, 2}) {
      first.acknowledge(byOffset(got, i));
    }
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> Broker.committed(group, topic).getOrDefault(0, -1L) == 3L);
    await()
        .during(Duration.ofMillis(500))
        .atMost(Duration.ofSeconds(5))
        .until(() -> Broker.committed(group, topic).get(0) == 3L);
    first.close();
    assertThat(Broker.committed(group, topic)).containsEntry(0, 3L);

    KafkaConnector second = consumer(1000);
    Set<Long> again = new HashSet<>();
    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () -> {
              for (Transaction tx : second.fetchTransactions(10)) {
                again.add(Long.parseLong(tx.metadata().get("kafka.offset")));
                second.acknowledge(tx);
              }
              return again.size() >= 7;
            });
    // the two unsettled ones come back, and the settled ones above the watermark: nothing below
    assertThat(again).containsExactlyInAnyOrder(3L, 4L, 5L, 6L, 7L, 8L, 9L);
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> Broker.committed(group, topic).get(0) == 10L);
  }

  private static Transaction byOffset(List<Transaction> txs, long offset) {
    return txs.stream()
        .filter(t -> t.metadata().get("kafka.offset").equals(String.valueOf(offset)))
        .findFirst()
        .orElseThrow();
  }

  @Test
  void aWorkerKilledMidRunLosesNothingAndItsCommitsWereNeverAheadOfSettlement() throws Exception {
    int total = 10_000;
    int partitions = 4;
    int maxInFlight = 256;
    Broker.createTopic(topic, partitions);
    try (Records r = new Records()) {
      for (int i = 0; i < total; i++) {
        r.send(topic, i % partitions, "k" + (i % 97), "{\"n\":" + i + "}");
      }
      r.flush();
    }
    Path settled = dir.resolve("settled.txt");
    Process worker = start(settled, 32, maxInFlight);
    await().atMost(Duration.ofSeconds(90)).until(() -> lines(settled).size() >= 3_000);
    worker.destroyForcibly().waitFor();
    Set<String> before = new HashSet<>(lines(settled));
    assertThat(before.size()).as("killed mid-run").isLessThan(total);

    // the broker's committed offsets are never ahead of what the worker settled
    Map<Integer, Long> committed = Broker.committed(group, topic);
    assertThat(committed.values().stream().mapToLong(Long::longValue).sum())
        .as("the worker committed progress")
        .isGreaterThan(0);
    committed.forEach(
        (p, offset) -> {
          for (long o = 0; o < offset; o++) {
            assertThat(before)
                .as("offset %d of partition %d is below the commit", o, p)
                .contains(p + "/" + o);
          }
        });

    KafkaConnector survivor = consumer(5_000);
    List<String> after = new ArrayList<>();
    Set<String> all = new HashSet<>(before);
    await()
        .atMost(Duration.ofSeconds(90))
        .until(
            () -> {
              for (Transaction tx : survivor.fetchTransactions(500)) {
                String pos =
                    tx.metadata().get("kafka.partition") + "/" + tx.metadata().get("kafka.offset");
                after.add(pos);
                all.add(pos);
                survivor.acknowledge(tx);
              }
              return all.size() == total;
            });
    Set<String> expected =
        IntStream.range(0, total)
            .mapToObj(i -> (i % partitions) + "/" + (i / partitions))
            .collect(Collectors.toSet());
    assertThat(all).isEqualTo(expected);
    assertThat(after).doesNotHaveDuplicates();
    long duplicates = after.stream().filter(before::contains).count();
    // what comes again lay between the last commit and the fetch position: at most the window
    assertThat(duplicates).isLessThanOrEqualTo(2L * maxInFlight);
  }

  private Process start(Path file, int concurrency, int maxInFlight) throws IOException {
    String java = ProcessHandle.current().info().command().orElse("java");
    Process p =
        new ProcessBuilder(
                java,
                "-cp",
                System.getProperty("java.class.path"),
                WorkerProcess.class.getName(),
                Broker.bootstrap(),
                topic,
                group,
                file.toString(),
                String.valueOf(concurrency),
                String.valueOf(maxInFlight))
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
