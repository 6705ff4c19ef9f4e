package dev.ergon.telemetry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ergon.ConfigurationException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Invalid values are rejected at once with a message naming the field and the value. */
class ConfigValidationTest {

  private static void rejects(Runnable build, String message) {
    assertThatThrownBy(build::run).isInstanceOf(ConfigurationException.class).hasMessage(message);
  }

  @Test
  void rotatingFileLimitsAreChecked() {
    rejects(
        () -> LogHandler.rotatingFile(Path.of("a.log"), 10, 5),
        "max_size_bytes must be >= 1024 but was 10");
    rejects(
        () -> LogHandler.rotatingFile(Path.of("a.log"), 4096, 0),
        "max_files must be between 1 and 20 but was 0");
    rejects(
        () -> LogHandler.timedRotatingFile(Path.of("a.log"), LogHandler.Rollover.DAILY, 0),
        "max_history must be >= 1 but was 0");
  }

  @Test
  void levelsParseCaseInsensitivelyWithThePythonAliases() {
    assertThat(LogLevel.parse("info")).isEqualTo(LogLevel.INFO);
    assertThat(LogLevel.parse("WARNING")).isEqualTo(LogLevel.WARN);
    assertThat(LogLevel.parse("critical")).isEqualTo(LogLevel.ERROR);
    rejects(
        () -> LogLevel.parse("loud"),
        "level must be one of TRACE, DEBUG, INFO, WARN, ERROR, OFF but was loud");
  }

  @Test
  void samplersParseTheOtelNamesAndCheckTheRatio() {
    assertThat(Sampling.parse("parentbased_traceidratio", 0.25))
        .isEqualTo(Sampling.parentBased(Sampling.traceIdRatio(0.25)));
    assertThat(Sampling.parse("always_off", null)).isEqualTo(Sampling.alwaysOff());
    rejects(() -> Sampling.traceIdRatio(1.5), "ratio must be between 0 and 1 but was 1.5");
    assertThatThrownBy(() -> Sampling.parse("sometimes", null))
        .hasMessageStartingWith("sampler must be one of always_on");
  }

  @Test
  void batchProcessorLimitsAreChecked() {
    rejects(
        () ->
            SpanProcessorConfig.Batch.builder()
                .maxQueueSize(10)
                .maxExportBatchSize(20)
                .exporter(Exporter.console())
                .build(),
        "max_export_batch_size must be between 1 and max_queue_size but was 20");
    rejects(
        () -> SpanProcessorConfig.Batch.builder().build(),
        "exporters must be at least one exporter but was []");
  }

  @Test
  void exportersCheckTheEndpointAndNeverPrintHeaderValues() {
    rejects(
        () -> OtlpExporter.grpc("collector:4317"),
        "endpoint must be an http:// or https:// URL but was collector:4317");
    OtlpExporter e =
        OtlpExporter.builder(OtlpExporter.Protocol.HTTP)
            .header("Authorization", "Bearer secret-token")
            .build();
    assertThat(e.toString()).contains("Authorization").doesNotContain("secret-token");
    assertThat(e.endpoint()).isEqualTo(OtlpExporter.DEFAULT_HTTP_ENDPOINT);
  }

  @Test
  void metricsNeedAReaderAndASaneInterval() {
    rejects(
        () -> MetricsConfig.builder().build(),
        "readers must be at least one reader (or the prometheus pull reader) but was []");
    rejects(
        () -> new PeriodicReader(Duration.ofMillis(1), List.of(Exporter.console())),
        "interval must be >= PT0.1S but was PT0.001S");
  }

  @Test
  void workerIdentityAndServiceNameAreChecked() {
    rejects(() -> new WorkerIdentity("t", "e", -1), "worker_index must be >= 0 but was -1");
    rejects(() -> new WorkerIdentity(" ", "e", 0), "task_name must be not blank but was \" \"");
    rejects(
        () -> TelemetryConfig.builder().serviceName("").build(),
        "service_name must be not blank but was \"\"");
  }

  @Test
  void aLoggingConfigWithoutHandlersLogsPlainLinesToTheConsole() {
    assertThat(LoggingConfig.defaults().handlers()).containsExactly(LogHandler.console());
    assertThat(LoggingConfig.defaults().level()).isEqualTo(LogLevel.INFO);
  }
}
