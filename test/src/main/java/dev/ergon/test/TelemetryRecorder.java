package dev.ergon.test;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.logs.SdkLoggerProvider;
import io.opentelemetry.sdk.logs.data.LogRecordData;
import io.opentelemetry.sdk.logs.export.SimpleLogRecordProcessor;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.data.LongPointData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.testing.exporter.InMemoryLogRecordExporter;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * An in-memory OpenTelemetry SDK for tests: hand {@link #openTelemetry()} to a {@link TaskHarness}
 * or a worker, run, then assert on the spans, metrics and log records that were recorded.
 *
 * <pre>{@code
 * try (TelemetryRecorder telemetry = TelemetryRecorder.create()) {
 *   TaskHarness.of(MyTask::new).connector("input", input).openTelemetry(telemetry.openTelemetry()).run();
 *   assertThat(telemetry.spans("ergon.transaction")).hasSize(3);
 *   assertThat(telemetry.counter("ergon.transactions", Map.of("ergon.outcome", "succeeded"))).isEqualTo(3);
 * }
 * }</pre>
 *
 * <p>Spans are exported synchronously as they end. Thread-safe.
 */
public final class TelemetryRecorder implements AutoCloseable {
  private final InMemorySpanExporter spans = InMemorySpanExporter.create();
  private final InMemoryMetricReader metrics = InMemoryMetricReader.create();
  private final InMemoryLogRecordExporter logs = InMemoryLogRecordExporter.create();
  private final OpenTelemetrySdk sdk;

  private TelemetryRecorder() {
    this.sdk =
        OpenTelemetrySdk.builder()
            .setTracerProvider(
                SdkTracerProvider.builder()
                    .addSpanProcessor(SimpleSpanProcessor.create(spans))
                    .build())
            .setMeterProvider(SdkMeterProvider.builder().registerMetricReader(metrics).build())
            .setLoggerProvider(
                SdkLoggerProvider.builder()
                    .addLogRecordProcessor(SimpleLogRecordProcessor.create(logs))
                    .build())
            .setPropagators(ContextPropagators.create(W3CTraceContextPropagator.getInstance()))
            .build();
  }

  /**
   * A new recorder with W3C trace-context propagation.
   *
   * @return the recorder
   */
  public static TelemetryRecorder create() {
    return new TelemetryRecorder();
  }

  /**
   * The OpenTelemetry instance that records into this recorder.
   *
   * @return the SDK
   */
  public OpenTelemetry openTelemetry() {
    return sdk;
  }

  /**
   * Every span that ended so far, in the order they ended.
   *
   * @return the spans
   */
  public List<SpanData> spans() {
    return spans.getFinishedSpanItems();
  }

  /**
   * The ended spans with the given name.
   *
   * @param name the span name, e.g. {@code ergon.transaction}
   * @return the spans
   */
  public List<SpanData> spans(String name) {
    return spans().stream().filter(s -> s.getName().equals(name)).toList();
  }

  /**
   * Every log record emitted through this recorder's OpenTelemetry logs bridge (for example by
   * Logback's OpenTelemetry appender installed on {@link #openTelemetry()}), with its trace and
   * span ids.
   *
   * @return the log records, in emission order
   */
  public List<LogRecordData> logs() {
    return logs.getFinishedLogRecordItems();
  }

  /**
   * Collects the current metrics.
   *
   * @return every metric with its points
   */
  public Collection<MetricData> metrics() {
    return metrics.collectAllMetrics();
  }

  /**
   * The value of a long counter (or up-down counter) summed over the points whose attributes
   * include {@code attributes}.
   *
   * @param name the metric name, e.g. {@code ergon.transactions}
   * @param attributes attribute values the points must have (others are ignored)
   * @return the sum, 0 when there is no such point
   */
  public long counter(String name, Map<String, String> attributes) {
    long sum = 0;
    for (MetricData m : metrics()) {
      if (!m.getName().equals(name)) {
        continue;
      }
      for (LongPointData p : m.getLongSumData().getPoints()) {
        if (matches(p.getAttributes(), attributes)) {
          sum += p.getValue();
        }
      }
    }
    return sum;
  }

  /**
   * The value of a long gauge as last observed, summed over the points whose attributes include
   * {@code attributes}; collecting runs the gauges' callbacks.
   *
   * @param name the metric name, e.g. {@code ergon.backlog}
   * @param attributes attribute values the points must have
   * @return the value, or empty when the gauge reported nothing
   */
  public java.util.OptionalLong gauge(String name, Map<String, String> attributes) {
    long sum = 0;
    boolean seen = false;
    for (MetricData m : metrics()) {
      if (!m.getName().equals(name)) {
        continue;
      }
      for (LongPointData p : m.getLongGaugeData().getPoints()) {
        if (matches(p.getAttributes(), attributes)) {
          sum += p.getValue();
          seen = true;
        }
      }
    }
    return seen ? java.util.OptionalLong.of(sum) : java.util.OptionalLong.empty();
  }

  private static boolean matches(Attributes actual, Map<String, String> wanted) {
    return wanted.entrySet().stream()
        .allMatch(e -> e.getValue().equals(actual.get(AttributeKey.stringKey(e.getKey()))));
  }

  /** Forgets the spans and log records recorded so far (metrics are cumulative). */
  public void reset() {
    spans.reset();
    logs.reset();
  }

  /** Shuts the SDK down. */
  @Override
  public void close() {
    sdk.close();
  }
}
