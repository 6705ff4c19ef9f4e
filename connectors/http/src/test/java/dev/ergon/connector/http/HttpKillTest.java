package dev.ergon.connector.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A reader JVM is killed ({@code destroyForcibly}) in the middle of its work: while it lives, a
 * connector of this JVM on the same checkpoint stands by (the lock is across processes); after the
 * kill, it takes over from the checkpoint the dead reader left: nothing lost, and only what the
 * dead reader had not acknowledged comes again.
 */
class HttpKillTest {
  private final ApiServer api = new ApiServer();
  private final String col = "k" + UUID.randomUUID().toString().substring(0, 8);
  private final List<Process> processes = new ArrayList<>();
  @TempDir Path dir;

  HttpKillTest() throws Exception {}

  @AfterEach
  void stop() {
    processes.forEach(Process::destroyForcibly);
    api.close();
  }

  static HttpSettings settings(String url, Path checkpoint) {
    return HttpSettings.builder()
        .url(url)
        .pagination(Pagination.LINK)
        .itemsPointer("/data")
        .checkpointFile(checkpoint)
        .pollInterval(Duration.ofMillis(50))
        .build();
  }

  @Test
  void aKilledReaderLosesNothingAndItsSuccessorRepeatsOnlyTheUnacknowledged() throws Exception {
    api.addNumbered(col, "it-", 0, 60);
    String url = api.items(col) + "?limit=4";
    Path checkpoint = dir.resolve("cp.json");
    Path record = dir.resolve("record.txt");
    Files.createFile(record);
    Process reader =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                ReaderProcess.class.getName(),
                url,
                checkpoint.toString(),
                record.toString())
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("reader.log").toFile())
            .start();
    processes.add(reader);

    // the reader JVM holds the checkpoint lock once it has taken its first item
    await().atMost(Duration.ofSeconds(60)).until(() -> !Files.readAllLines(record).isEmpty());
    try (HttpConnector successor = new HttpConnector(settings(url, checkpoint))) {
      await()
          .atMost(Duration.ofSeconds(60))
          .until(
              () -> {
                assertThat(successor.fetchTransactions(10)).isEmpty(); // standing by
                return Files.readAllLines(record).size() >= 15;
              });
      reader.destroyForcibly().waitFor();
      List<String> before = Files.readAllLines(record);
      JsonNode cp = ApiServer.JSON.readTree(checkpoint.toFile()); // whole: written atomically
      long settledBefore = cp.get("passed").asLong() + cp.get("done").size();

      List<String> after = new ArrayList<>();
      await()
          .atMost(Duration.ofSeconds(30))
          .until(
              () -> {
                for (var tx : successor.fetchTransactions(10)) {
                  after.add(tx.id());
                  successor.acknowledge(tx);
                }
                Set<String> all = new HashSet<>(before);
                all.addAll(after);
                return all.size() == 60;
              });
      assertThat(after).doesNotHaveDuplicates();
      Set<String> again = new HashSet<>(after);
      again.retainAll(before);
      // only items the dead reader had taken but not acknowledged (at most its two in hand)
      assertThat(again.size()).isLessThanOrEqualTo(2);
      assertThat(settledBefore).isGreaterThanOrEqualTo(before.size() - 2L);
      Drain.nothingFor(successor, Duration.ofMillis(300));
    }
  }
}
