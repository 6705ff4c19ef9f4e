package dev.ergon.runtime.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real worker processes stopped by SIGTERM and SIGINT while transactions are in flight. */
class SignalShutdownTest {
  private static final Duration EXIT = Duration.ofSeconds(60);

  @TempDir Path dir;

  @Test
  void sigtermDrainsInFlightWorkOfABlockingTaskReleasesTheRestClosesInReverseAndExits143()
      throws Exception {
    drainsOnSignal("blocking", "TERM", 143);
  }

  @Test
  void sigtermDrainsInFlightWorkOfAnAsyncTaskReleasesTheRestClosesInReverseAndExits143()
      throws Exception {
    drainsOnSignal("async", "TERM", 143);
  }

  @Test
  void sigintDrainsLikeSigtermAndExits130() throws Exception {
    drainsOnSignal("blocking", "INT", 130);
  }

  private void drainsOnSignal(String scenario, String signal, int expectedCode) throws Exception {
    try (JvmProcess p = JvmProcess.start(WorkerMain.class, scenario, dir.toString(), "60")) {
      p.awaitLines(l -> l.startsWith("started "), 2);
      p.signal(signal);
      p.awaitLine("SIG" + signal + " received: shutting down gracefully");
      Files.createFile(dir.resolve("release"));

      assertThat(p.exitCode(EXIT)).as(p.output()).isEqualTo(expectedCode);

      List<String> out = p.lines();
      List<String> started = ids(out, "started ");
      int signalled = indexOf(out, "shutting down gracefully");
      assertThat(started).as(p.output()).hasSize(2);
      for (String id : started) {
        assertThat(indexOf(out, "processed " + id)).as(p.output()).isGreaterThan(signalled);
        assertThat(out).as(p.output()).contains("acked " + id);
      }
      assertThat(ids(out, "processed "))
          .as(p.output())
          .containsExactlyInAnyOrderElementsOf(started);
      assertThat(ids(out, "released "))
          .as(p.output())
          .hasSize(2)
          .doesNotContainAnyElementsOf(started);
      assertThat(out.stream().filter(l -> l.equals("task exit") || l.startsWith("closing ")))
          .as(p.output())
          .containsExactly("task exit", "closing audit", "closing output", "closing input");
    }
  }

  @Test
  void sigtermToTheParentOfWorkerProcessesIsForwardedAndEveryWorkerDrainsAndTheParentExits143()
      throws Exception {
    try (JvmProcess p =
        JvmProcess.start(WorkerMain.class, "blocking-parent", dir.toString(), "60")) {
      p.awaitLines(l -> l.startsWith("started "), 4); // two in flight in each of two workers
      p.signal("TERM");
      p.awaitLines(l -> l.contains("shutting down gracefully"), 2);
      Files.createFile(dir.resolve("release"));

      assertThat(p.exitCode(EXIT)).as(p.output()).isEqualTo(143);

      List<String> out = p.lines();
      long started = out.stream().filter(l -> l.startsWith("started ")).count();
      long processed = out.stream().filter(l -> l.startsWith("processed ")).count();
      assertThat(started).as(p.output()).isEqualTo(4);
      assertThat(processed).as(p.output()).isEqualTo(started);
      assertThat(out.stream().filter(l -> l.startsWith("released ")).count())
          .as(p.output())
          .isEqualTo(4);
      assertThat(out.stream().filter(l -> l.equals("task exit")).count())
          .as(p.output())
          .isEqualTo(2);
    }
  }

  @Test
  void aSecondSigtermWhileDrainingExitsAtOnceWith143() throws Exception {
    try (JvmProcess p = JvmProcess.start(WorkerMain.class, "blocking", dir.toString(), "600")) {
      p.awaitLines(l -> l.startsWith("started "), 2);
      p.signal("TERM");
      p.awaitLine("SIGTERM received: shutting down gracefully");
      long before = System.nanoTime();
      p.signal("TERM");

      assertThat(p.exitCode(EXIT)).as(p.output()).isEqualTo(143);
      assertThat(Duration.ofNanos(System.nanoTime() - before)).isLessThan(Duration.ofSeconds(30));
      assertThat(p.output()).contains("second signal").doesNotContain("processed ");
    }
  }

  private static List<String> ids(List<String> lines, String prefix) {
    return lines.stream()
        .filter(l -> l.startsWith(prefix))
        .map(l -> l.substring(prefix.length()))
        .toList();
  }

  private static int indexOf(List<String> lines, String fragment) {
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).contains(fragment)) {
        return i;
      }
    }
    return -1;
  }
}
