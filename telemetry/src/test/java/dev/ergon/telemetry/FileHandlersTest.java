package dev.ergon.telemetry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.ergon.ConfigurationException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** File, size-rotating and time-rotating handlers. */
class FileHandlersTest {
  private static final WorkerIdentity WORKER = new WorkerIdentity("orders", "exec-9", 0);
  private static final Logger LOG = LoggerFactory.getLogger("files");

  @TempDir Path dir;
  private InstalledTelemetry telemetry;

  @AfterEach
  void close() {
    if (telemetry != null) {
      telemetry.close();
    }
  }

  private void install(LogHandler handler) {
    telemetry =
        ErgonTelemetry.install(
            TelemetryConfig.builder()
                .logging(LoggingConfig.builder().handler(handler).build())
                .build(),
            WORKER);
  }

  @Test
  void aRotatingFileHandlerWritesAndRollsOverAtItsSizeKeepingMaxFiles() throws Exception {
    Path file = dir.resolve("rotating.log");
    install(LogHandler.rotatingFile(file, 1024, 2));
    AtomicInteger n = new AtomicInteger();

    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () -> {
              for (int i = 0; i < 20; i++) {
                LOG.info("line {} {}", n.incrementAndGet(), "x".repeat(100));
              }
              return Files.exists(dir.resolve("rotating.log.2"));
            });
    telemetry.close();

    assertThat(file).exists();
    assertThat(Files.readString(dir.resolve("rotating.log.1"))).contains("line ");
    assertThat(dir.resolve("rotating.log.3")).doesNotExist();
  }

  @Test
  void aTimedRotatingFileHandlerWritesToItsActiveFile() throws Exception {
    Path file = dir.resolve("timed/{task}-{worker}.log");
    install(LogHandler.timedRotatingFile(file, LogHandler.Rollover.HOURLY, 24));

    LOG.info("hello timed");
    telemetry.close();

    assertThat(Files.readString(dir.resolve("timed/orders-0.log"))).contains("hello timed");
  }

  @Test
  void filePlaceholdersNameTheTaskWorkerPidAndExecution() throws Exception {
    install(LogHandler.file(dir.resolve("{task}-{worker}-{pid}-{execution}.log")));

    LOG.info("hello placeholders");
    telemetry.close();

    Path expected = dir.resolve("orders-0-" + ProcessHandle.current().pid() + "-exec-9.log");
    assertThat(Files.readString(expected)).contains("hello placeholders");
  }

  @Test
  void aFileThatCannotBeOpenedFailsInstallationNamingTheHandler() throws Exception {
    Path blocker = Files.createFile(dir.resolve("not-a-directory"));

    assertThatThrownBy(() -> install(LogHandler.file(blocker.resolve("app.log"))))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageStartingWith("handlers[0] must be a handler that starts");
  }
}
