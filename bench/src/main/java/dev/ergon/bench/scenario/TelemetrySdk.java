package dev.ergon.bench.scenario;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.metrics.InstrumentType;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.data.AggregationTemporality;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.metrics.export.MetricExporter;
import io.opentelemetry.sdk.metrics.export.PeriodicMetricReader;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import java.time.Duration;
import java.util.Collection;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * An OpenTelemetry SDK for S5: a batch span processor with a queue sized for a million spans a
 * second, exporting to a sink that counts and drops (the network's cost is not the engine's).
 */
final class TelemetrySdk implements AutoCloseable {
  private final LongAdder spans = new LongAdder();
  private final OpenTelemetrySdk sdk;

  TelemetrySdk(boolean sampled, boolean metrics) {
    BatchSpanProcessor processor =
        BatchSpanProcessor.builder(new CountingSpans())
            .setMaxQueueSize(1 << 20)
            .setMaxExportBatchSize(8_192)
            .setScheduleDelay(Duration.ofMillis(50))
            .build();
    var b =
        OpenTelemetrySdk.builder()
            .setPropagators(ContextPropagators.create(W3CTraceContextPropagator.getInstance()))
            .setTracerProvider(
                SdkTracerProvider.builder()
                    .setSampler(sampled ? Sampler.alwaysOn() : Sampler.alwaysOff())
                    .addSpanProcessor(processor)
                    .build());
    if (metrics) {
      b.setMeterProvider(
          SdkMeterProvider.builder()
              .registerMetricReader(
                  PeriodicMetricReader.builder(new DroppingMetrics())
                      .setInterval(Duration.ofSeconds(1))
                      .build())
              .build());
    }
    this.sdk = b.build();
  }

  OpenTelemetry openTelemetry() {
    return sdk;
  }

  long flushAndCountSpans() {
    sdk.getSdkTracerProvider().forceFlush().join(30, TimeUnit.SECONDS);
    return spans.sum();
  }

  @Override
  public void close() {
    sdk.close();
  }

  /** Counts and drops spans. */
  private final class CountingSpans implements SpanExporter {
    @Override
    public CompletableResultCode export(Collection<SpanData> batch) {
      spans.add(batch.size());
      return CompletableResultCode.ofSuccess();
    }

    @Override
    public CompletableResultCode flush() {
      return CompletableResultCode.ofSuccess();
    }

    @Override
    public CompletableResultCode shutdown() {
      return CompletableResultCode.ofSuccess();
    }
  }

  /** Drops metrics. */
  private static final class DroppingMetrics implements MetricExporter {
    @Override
    public CompletableResultCode export(Collection<MetricData> metrics) {
      return CompletableResultCode.ofSuccess();
    }

    @Override
    public AggregationTemporality getAggregationTemporality(InstrumentType type) {
      return AggregationTemporality.CUMULATIVE;
    }

    @Override
    public CompletableResultCode flush() {
      return CompletableResultCode.ofSuccess();
    }

    @Override
    public CompletableResultCode shutdown() {
      return CompletableResultCode.ofSuccess();
    }
  }
}
