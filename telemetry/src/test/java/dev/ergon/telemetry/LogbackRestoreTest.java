package dev.ergon.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** Installing a LoggingConfig changes Logback for the process; closing puts it back. */
class LogbackRestoreTest {
  private static final LoggerContext CONTEXT = (LoggerContext) LoggerFactory.getILoggerFactory();
  private static final Logger ROOT = CONTEXT.getLogger(Logger.ROOT_LOGGER_NAME);

  @TempDir Path dir;

  private static List<Appender<ILoggingEvent>> rootAppenders() {
    List<Appender<ILoggingEvent>> list = new ArrayList<>();
    ROOT.iteratorForAppenders().forEachRemaining(list::add);
    return list;
  }

  private InstalledTelemetry install(String file, LogLevel level) {
    return ErgonTelemetry.install(
        TelemetryConfig.builder()
            .logging(
                LoggingConfig.builder()
                    .level(level)
                    .logger("restore.test", LogLevel.ERROR)
                    .handler(LogHandler.file(dir.resolve(file)))
                    .build())
            .build(),
        WorkerIdentity.single("restore"));
  }

  @Test
  void closingPutsBackTheAppendersAndLevelsThatWereThere() throws Exception {
    List<Appender<ILoggingEvent>> before = rootAppenders();
    Level rootLevel = ROOT.getLevel();
    Level named = CONTEXT.getLogger("restore.test").getLevel();

    InstalledTelemetry telemetry = install("a.log", LogLevel.WARN);
    assertThat(rootAppenders()).singleElement().isNotIn(before);
    assertThat(ROOT.getLevel()).isEqualTo(Level.WARN);
    LoggerFactory.getLogger("restore").warn("while installed");
    telemetry.close();
    LoggerFactory.getLogger("restore").warn("after close");

    assertThat(rootAppenders()).isEqualTo(before);
    assertThat(ROOT.getLevel()).isEqualTo(rootLevel);
    assertThat(CONTEXT.getLogger("restore.test").getLevel()).isEqualTo(named);
    assertThat(Files.readString(dir.resolve("a.log")))
        .contains("while installed")
        .doesNotContain("after close");
  }

  @Test
  void closingTwoInstallationsInEitherOrderEndsWithTheOriginalConfiguration() {
    List<Appender<ILoggingEvent>> before = rootAppenders();
    Level rootLevel = ROOT.getLevel();

    InstalledTelemetry first = install("first.log", LogLevel.WARN);
    InstalledTelemetry second = install("second.log", LogLevel.ERROR);
    first.close(); // out of order: the second stays in force
    assertThat(rootAppenders()).singleElement().satisfies(a -> assertThat(a.isStarted()).isTrue());
    assertThat(ROOT.getLevel()).isEqualTo(Level.ERROR);
    second.close();

    assertThat(rootAppenders()).isEqualTo(before);
    assertThat(ROOT.getLevel()).isEqualTo(rootLevel);
  }
}
