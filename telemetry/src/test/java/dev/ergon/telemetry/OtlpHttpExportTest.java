package dev.ergon.telemetry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.ergon.policy.ConsumerPolicy;
import dev.ergon.test.InMemoryConnector;
import dev.ergon.test.TaskHarness;
import dev.ergon.transaction.Transaction;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Spans, metrics and logs exported over OTLP/HTTP to a receiver started in the test. */
class OtlpHttpExportTest {
  private static final WorkerIdentity WORKER = new WorkerIdentity("harness", "exec-42", 1);
  private static final Duration NEVER = Duration.ofHours(1);

  private OtlpReceiver receiver;

  @BeforeEach
  void startReceiver() throws Exception {
    receiver = OtlpReceiver.start();
  }

  @AfterEach
  void stopReceiver() {
    receiver.close();
  }

  /** Batch spans and periodic metrics that would not export for an hour: only the flush sends. */
  private TelemetryConfig exportingOnlyAtFlush() {
    OtlpExporter otlp = OtlpExporter.http(receiver.url());
    return TelemetryConfig.builder()
        .logging(LoggingConfig.builder().handler(LogHandler.otlp(otlp)).build())
        .tracing(
            TracingConfig.builder()
                .processor(
                    SpanProcessorConfig.Batch.builder().scheduleDelay(NEVER).exporter(otlp).build())
                .build())
        .metrics(MetricsConfig.builder().periodic(NEVER, otlp).build())
        .build();
  }

  private static void runThreeTransactions(InstalledTelemetry telemetry) {
    InMemoryConnector input = new InMemoryConnector();
    input.add(
        Transaction.of("tx-1", "a"), Transaction.of("tx-2", "b"), Transaction.of("tx-3", "c"));
    TaskHarness.of(LoggingConsumer::new)
        .connector("input", input)
        .policy(ConsumerPolicy.defaults("consumer"))
        .openTelemetry(telemetry.openTelemetry())
        .run();
  }

  @Test
  void closingFlushesSpansMetricsAndLogsThatWereStillBuffered() {
    InstalledTelemetry telemetry = ErgonTelemetry.install(exportingOnlyAtFlush(), WORKER);
    try {
      runThreeTransactions(telemetry);
      assertThat(receiver.requests("/v1/traces")).as("spans before close").isEmpty();
      assertThat(receiver.requests("/v1/metrics")).as("metrics before close").isEmpty();
    } finally {
      assertThat(telemetry.close(Duration.ofSeconds(10))).as("flushed in time").isTrue();
    }

    assertThat(receiver.received("/v1/traces", "ergon.transaction")).isTrue();
    assertThat(receiver.received("/v1/traces", "tx-3")).as("transaction id attribute").isTrue();
    assertThat(receiver.received("/v1/traces", "harness")).as("service.name").isTrue();
    assertThat(receiver.received("/v1/traces", "exec-42")).as("execution id").isTrue();
    assertThat(receiver.received("/v1/metrics", "ergon.transactions")).isTrue();
    assertThat(receiver.received("/v1/metrics", "ergon.worker.index")).isTrue();
    for (String id : new String[] {"tx-1", "tx-2", "tx-3"}) {
      assertThat(receiver.received("/v1/logs", "processing " + id)).as("log of %s", id).isTrue();
    }
    assertThat(receiver.received("/v1/logs", "transaction_id")).as("MDC attribute").isTrue();
  }

  @Test
  void closeIsIdempotentAndExportsNothingTwice() {
    InstalledTelemetry telemetry = ErgonTelemetry.install(exportingOnlyAtFlush(), WORKER);
    runThreeTransactions(telemetry);

    assertThat(telemetry.close(Duration.ofSeconds(10))).isTrue();
    int traces = receiver.requests("/v1/traces").size();
    assertThat(telemetry.close(Duration.ofSeconds(10))).isTrue();

    assertThat(receiver.requests("/v1/traces")).hasSize(traces);
  }

  @Test
  void closeGivesUpAfterItsTimeoutWhenTheCollectorNeverAnswers() {
    InstalledTelemetry telemetry = ErgonTelemetry.install(exportingOnlyAtFlush(), WORKER);
    runThreeTransactions(telemetry);
    receiver.hang();

    boolean flushed =
        assertTimeoutPreemptively(
            Duration.ofSeconds(20), () -> telemetry.close(Duration.ofMillis(500)));

    assertThat(flushed).isFalse();
    assertThat(receiver.requests("/v1/traces")).as("the export was attempted").isNotEmpty();
  }

  @Test
  void flushExportsWithoutShuttingDown() {
    InstalledTelemetry telemetry = ErgonTelemetry.install(exportingOnlyAtFlush(), WORKER);
    try {
      runThreeTransactions(telemetry);

      assertThat(telemetry.flush(Duration.ofSeconds(10))).isTrue();
      assertThat(receiver.received("/v1/traces", "ergon.transaction")).isTrue();

      runThreeTransactions(telemetry); // still recording
      int before = receiver.requests("/v1/traces").size();
      assertThat(telemetry.flush(Duration.ofSeconds(10))).isTrue();
      assertThat(receiver.requests("/v1/traces").size()).isGreaterThan(before);
    } finally {
      telemetry.close();
    }
  }
}
