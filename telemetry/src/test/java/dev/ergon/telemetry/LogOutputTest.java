package dev.ergon.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ergon.policy.ConsumerPolicy;
import dev.ergon.test.InMemoryConnector;
import dev.ergon.test.TaskHarness;
import dev.ergon.transaction.Transaction;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Plain and JSON records carry the trace context and, inside a lifecycle, the transaction. */
class LogOutputTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final WorkerIdentity WORKER = new WorkerIdentity("harness", "exec-1", 3);

  @TempDir Path dir;
  private final InMemorySpanExporter spans = InMemorySpanExporter.create();
  private InstalledTelemetry telemetry;

  @AfterEach
  void close() {
    if (telemetry != null) {
      telemetry.close();
    }
  }

  private InstalledTelemetry install(LoggingConfig logging) {
    telemetry =
        ErgonTelemetry.install(
            TelemetryConfig.builder()
                .logging(logging)
                .tracing(
                    TracingConfig.builder()
                        .processor(SpanProcessorConfig.custom(SimpleSpanProcessor.create(spans)))
                        .build())
                .build(),
            WORKER);
    return telemetry;
  }

  private void runOneTransaction(String id) {
    InMemoryConnector input = new InMemoryConnector();
    input.add(Transaction.of(id, "payload"));
    TaskHarness.of(LoggingConsumer::new)
        .connector("input", input)
        .policy(ConsumerPolicy.defaults("consumer"))
        .openTelemetry(telemetry.openTelemetry())
        .run();
  }

  private SpanData transactionSpan() {
    return spans.getFinishedSpanItems().stream()
        .filter(s -> s.getName().equals("ergon.transaction"))
        .findFirst()
        .orElseThrow();
  }

  private static List<JsonNode> jsonLines(Path file) throws IOException {
    return Files.readAllLines(file).stream().map(LogOutputTest::parse).toList();
  }

  private static JsonNode parse(String line) {
    try {
      return JSON.readTree(line);
    } catch (IOException e) {
      throw new AssertionError("not JSON: " + line, e);
    }
  }

  @Test
  void aJsonLineWrittenInsideProcessTransactionCarriesTraceSpanTransactionAndTask()
      throws IOException {
    Path file = dir.resolve("logs/{task}-{worker}.jsonl");
    install(LoggingConfig.builder().handler(LogHandler.jsonFile(file)).build());

    runOneTransaction("tx-7");
    SpanData tx = transactionSpan(); // before close: shutting down clears the in-memory exporter
    telemetry.close();

    List<JsonNode> lines = jsonLines(dir.resolve("logs/harness-3.jsonl"));
    JsonNode line =
        lines.stream()
            .filter(l -> l.path("message").asText().equals("processing tx-7"))
            .findFirst()
            .orElseThrow();
    assertThat(line.path("trace_id").asText()).isEqualTo(tx.getTraceId());
    assertThat(line.path("span_id").asText()).isEqualTo(tx.getSpanId());
    assertThat(line.path("transaction_id").asText()).isEqualTo("tx-7");
    assertThat(line.path("task").asText()).isEqualTo("harness");
    assertThat(line.path("level").asText()).isEqualTo("INFO");
    assertThat(line.path("logger").asText()).isEqualTo(LoggingConsumer.LOGGER);
    assertThat(line.path("timestamp").asText()).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");
    assertThat(line.has("payload")).isFalse();
  }

  @Test
  void aPlainLineWrittenInsideProcessTransactionCarriesTheSameFields() throws IOException {
    Path file = dir.resolve("plain.log");
    install(LoggingConfig.builder().handler(LogHandler.file(file)).build());

    runOneTransaction("tx-8");
    SpanData tx = transactionSpan();
    telemetry.close();

    assertThat(Files.readAllLines(file))
        .filteredOn(l -> l.endsWith("processing tx-8"))
        .singleElement()
        .satisfies(
            l ->
                assertThat(l)
                    .contains(" INFO ")
                    .contains(LoggingConsumer.LOGGER)
                    .contains(
                        " trace_id="
                            + tx.getTraceId()
                            + " span_id="
                            + tx.getSpanId()
                            + " transaction_id=tx-8 task=harness - processing tx-8"));
  }

  @Test
  void aRecordOutsideALifecycleCarriesTheCurrentSpanAndOutsideAnySpanNoIds() throws IOException {
    Path file = dir.resolve("outside.jsonl");
    install(LoggingConfig.builder().handler(LogHandler.jsonFile(file)).build());
    Logger log = LoggerFactory.getLogger("outside");
    Span span = telemetry.openTelemetry().getTracer("test").spanBuilder("user-span").startSpan();

    try (Scope ignored = span.makeCurrent()) {
      log.info("in a span");
    } finally {
      span.end();
    }
    log.info("in no span");
    telemetry.close();

    List<JsonNode> lines = jsonLines(file);
    assertThat(lines).hasSize(2);
    assertThat(lines.get(0).path("trace_id").asText())
        .isEqualTo(span.getSpanContext().getTraceId());
    assertThat(lines.get(0).path("span_id").asText()).isEqualTo(span.getSpanContext().getSpanId());
    assertThat(lines.get(0).has("transaction_id")).isFalse();
    assertThat(lines.get(1).has("trace_id")).isFalse();
    assertThat(lines.get(1).path("message").asText()).isEqualTo("in no span");
  }

  @Test
  void aJsonConsoleHandlerWritesOneObjectPerLineToStdout() {
    PrintStream original = System.out;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    String traceId;
    System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      install(LoggingConfig.builder().handler(LogHandler.jsonConsole()).build());
      runOneTransaction("tx-9");
      traceId = transactionSpan().getTraceId();
      telemetry.close();
    } finally {
      System.setOut(original);
    }

    JsonNode line =
        captured
            .toString(StandardCharsets.UTF_8)
            .lines()
            .map(LogOutputTest::parse)
            .filter(l -> l.path("message").asText().equals("processing tx-9"))
            .findFirst()
            .orElseThrow();
    assertThat(line.path("trace_id").asText()).isEqualTo(traceId);
    assertThat(line.path("transaction_id").asText()).isEqualTo("tx-9");
  }

  @Test
  void exceptionsAndOtherMdcEntriesAreWrittenAsFields() throws IOException {
    Path file = dir.resolve("errors.jsonl");
    install(LoggingConfig.builder().handler(LogHandler.jsonFile(file)).build());

    org.slf4j.MDC.put("tenant", "acme");
    try {
      LoggerFactory.getLogger("errors").error("failed", new IllegalStateException("boom"));
    } finally {
      org.slf4j.MDC.remove("tenant");
    }
    telemetry.close();

    JsonNode line = jsonLines(file).get(0);
    assertThat(line.path("tenant").asText()).isEqualTo("acme");
    assertThat(line.path("exception").asText()).startsWith("java.lang.IllegalStateException: boom");
  }

  @Test
  void rootAndPerLoggerLevelsFilterRecords() throws IOException {
    Path file = dir.resolve("levels.log");
    install(
        LoggingConfig.builder()
            .level(LogLevel.WARN)
            .logger("chatty", LogLevel.DEBUG)
            .handler(LogHandler.file(file))
            .build());

    LoggerFactory.getLogger("quiet").info("quiet info");
    LoggerFactory.getLogger("quiet").warn("quiet warn");
    LoggerFactory.getLogger("chatty.sub").debug("chatty debug");
    LoggerFactory.getLogger("chatty").trace("chatty trace");
    telemetry.close();

    assertThat(Files.readAllLines(file))
        .map(l -> l.substring(l.lastIndexOf(" - ") + 3))
        .containsExactly("quiet warn", "chatty debug");
  }

  @Test
  void aCustomPatternIsKeptAndCanUseTheTraceConverters() throws IOException {
    Path file = dir.resolve("custom.log");
    install(
        LoggingConfig.builder()
            .pattern("%traceId|%spanId|%X{transaction_id}|%msg%n")
            .handler(LogHandler.file(file))
            .build());

    runOneTransaction("tx-10");
    SpanData tx = transactionSpan();
    telemetry.close();

    assertThat(Files.readAllLines(file))
        .contains(tx.getTraceId() + "|" + tx.getSpanId() + "|tx-10|processing tx-10");
  }
}
