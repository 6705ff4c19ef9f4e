package dev.ergon.runtime.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code max_workers: 3}: a parent and three real worker processes over a shared file. */
class WorkerProcessesTest {
  private static final int LINES = 300;

  @TempDir Path dir;

  private Path writeLines() throws Exception {
    Path file = dir.resolve("input.jsonl");
    List<String> lines =
        IntStream.range(0, LINES)
            .mapToObj(i -> "{\"id\":\"line-" + i + "\",\"payload\":{\"n\":" + i + "}}")
            .toList();
    Files.write(file, lines, StandardCharsets.UTF_8);
    return file;
  }

  @Test
  void threeWorkerProcessesTogetherAcknowledgeEveryLineExactlyOnceAndTheParentExits0()
      throws Exception {
    Path file = writeLines();
    try (JvmProcess p = JvmProcess.start(WorkerMain.class, "jsonl", file.toString(), "-1")) {
      assertThat(p.exitCode(Duration.ofSeconds(120))).as(p.output()).isZero();

      List<String> acked = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        List<String> mine = Files.readAllLines(JsonLinesFileConnector.ackedFile(file, i));
        assertThat(mine).as("worker %d", i).isNotEmpty();
        acked.addAll(mine);
      }
      assertThat(acked)
          .hasSize(LINES)
          .doesNotHaveDuplicates()
          .containsExactlyInAnyOrderElementsOf(
              IntStream.range(0, LINES).mapToObj(i -> "line-" + i).toList());
      assertThat(p.output()).contains("worker 0 of 3 started", "worker 2 of 3 started");
    }
  }

  @Test
  void aFailingWorkerMakesTheParentExitWithTheWorstCode() throws Exception {
    Path file = writeLines();
    try (JvmProcess p = JvmProcess.start(WorkerMain.class, "jsonl", file.toString(), "1")) {
      assertThat(p.exitCode(Duration.ofSeconds(120))).as(p.output()).isEqualTo(1);
      assertThat(p.output()).contains("worker 1 fails on purpose");
      assertThat(Files.readAllLines(JsonLinesFileConnector.ackedFile(file, 0))).hasSize(100);
      assertThat(Files.readAllLines(JsonLinesFileConnector.ackedFile(file, 2))).hasSize(100);
      assertThat(JsonLinesFileConnector.ackedFile(file, 1)).doesNotExist();
    }
  }
}
