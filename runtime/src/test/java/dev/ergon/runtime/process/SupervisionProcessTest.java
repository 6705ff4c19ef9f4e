package dev.ergon.runtime.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A real worker process whose handler is wedged. */
class SupervisionProcessTest {
  @TempDir Path dir;

  @Test
  void aWedgedTaskIsDetectedBySupervisionAndTheProcessExits1NamingTheStuckTransaction()
      throws Exception {
    try (JvmProcess p = JvmProcess.start(WorkerMain.class, "wedged", dir.toString())) {
      p.awaitLine("started wedged-00");
      long started = System.nanoTime();

      assertThat(p.exitCode(Duration.ofSeconds(60))).as(p.output()).isEqualTo(1);
      // processing_stale_after 1 s + unhealthy_grace 1 s + shutdown_grace 1 s, plus slack
      assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(30));
      assertThat(p.output())
          .contains("processing_stalled")
          .contains("stuck: wedged-00")
          .contains("requesting shutdown")
          .contains("did not finish within the shutdown grace")
          .contains("Still in flight: wedged-00");
    }
  }
}
