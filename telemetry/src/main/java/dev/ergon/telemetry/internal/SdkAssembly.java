package dev.ergon.telemetry.internal;

import dev.ergon.telemetry.Exporter;
import dev.ergon.telemetry.LogHandler;
import dev.ergon.telemetry.LoggingConfig;
import dev.ergon.telemetry.MetricsConfig;
import dev.ergon.telemetry.PeriodicReader;
import dev.ergon.telemetry.Sampling;
import dev.ergon.telemetry.SpanProcessorConfig;
import dev.ergon.telemetry.TelemetryConfig;
import dev.ergon.telemetry.TracingConfig;
import dev.ergon.telemetry.WorkerIdentity;
import io.opentelemetry.api.baggage.propagation.W3CBaggagePropagator;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.OpenTelemetrySdkBuilder;
import io.opentelemetry.sdk.logs.SdkLoggerProvider;
import io.opentelemetry.sdk.logs.SdkLoggerProviderBuilder;
import io.opentelemetry.sdk.logs.export.BatchLogRecordProcessor;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.SdkMeterProviderBuilder;
import io.opentelemetry.sdk.metrics.export.PeriodicMetricReader;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.SdkTracerProviderBuilder;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** Assembles an OpenTelemetry SDK from a configuration made in code. */
public final class SdkAssembly {
  private SdkAssembly() {}

  /**
   * Builds the SDK: a tracer provider when tracing is configured, a meter provider when metrics
   * are, a logger provider when an OTLP log handler is; none of them gives no SDK at all.
   *
   * @param config the configuration (not from the environment)
   * @param identity the worker
   * @return the SDK
   */
  public static BuiltSdk build(TelemetryConfig config, WorkerIdentity identity) {
    Resource resource = WorkerResource.build(config, identity);
    List<LogHandler.Otlp> otlpLogs = otlpHandlers(config.logging());
    TracingConfig tracing = config.tracing();
    MetricsConfig metrics = config.metrics();
    if (tracing == null && metrics == null && otlpLogs.isEmpty()) {
      return new BuiltSdk(null, resource, false);
    }
    OpenTelemetrySdkBuilder b = OpenTelemetrySdk.builder().setPropagators(propagators());
    // Without tracing, spans are not recorded (unless a caller's sampled trace asks for it, to keep
    // the sampled flag downstream) but still have ids, for log correlation and propagation.
    b.setTracerProvider(
        tracerProvider(
            tracing != null
                ? tracing
                : TracingConfig.builder()
                    .sampler(Sampling.parentBased(Sampling.alwaysOff()))
                    .build(),
            resource));
    PrometheusReader prometheus = null;
    if (metrics != null) {
      prometheus = metrics.prometheus() ? new PrometheusReader() : null;
      b.setMeterProvider(meterProvider(metrics, resource, prometheus));
    }
    if (!otlpLogs.isEmpty()) {
      SdkLoggerProviderBuilder logs = SdkLoggerProvider.builder().setResource(resource);
      otlpLogs.forEach(h -> logs.addLogRecordProcessor(logProcessor(h)));
      b.setLoggerProvider(logs.build());
    }
    return new BuiltSdk(b.build(), resource, !otlpLogs.isEmpty(), prometheus);
  }

  /** W3C trace context and baggage, as the autoconfigure module's default. */
  static ContextPropagators propagators() {
    return ContextPropagators.create(
        TextMapPropagator.composite(
            W3CTraceContextPropagator.getInstance(), W3CBaggagePropagator.getInstance()));
  }

  static List<LogHandler.Otlp> otlpHandlers(@Nullable LoggingConfig logging) {
    if (logging == null) {
      return List.of();
    }
    return logging.handlers().stream()
        .filter(LogHandler.Otlp.class::isInstance)
        .map(LogHandler.Otlp.class::cast)
        .toList();
  }

  static BatchLogRecordProcessor logProcessor(LogHandler.Otlp handler) {
    return BatchLogRecordProcessor.builder(Exporters.logs(handler.exporter())).build();
  }

  private static SdkTracerProvider tracerProvider(TracingConfig tracing, Resource resource) {
    SdkTracerProviderBuilder b =
        SdkTracerProvider.builder().setResource(resource).setSampler(sampler(tracing.sampler()));
    for (SpanProcessorConfig p : tracing.processors()) {
      switch (p) {
        case SpanProcessorConfig.Batch batch ->
            batch.exporters().forEach(e -> b.addSpanProcessor(batchProcessor(batch, e)));
        case SpanProcessorConfig.Simple simple ->
            simple
                .exporters()
                .forEach(e -> b.addSpanProcessor(SimpleSpanProcessor.create(Exporters.spans(e))));
        case SpanProcessorConfig.Custom custom -> b.addSpanProcessor(custom.processor());
      }
    }
    return b.build();
  }

  private static SpanProcessor batchProcessor(SpanProcessorConfig.Batch batch, Exporter e) {
    return BatchSpanProcessor.builder(Exporters.spans(e))
        .setScheduleDelay(batch.scheduleDelay())
        .setMaxQueueSize(batch.maxQueueSize())
        .setMaxExportBatchSize(batch.maxExportBatchSize())
        .setExporterTimeout(batch.exportTimeout())
        .build();
  }

  private static SdkMeterProvider meterProvider(
      MetricsConfig metrics, Resource resource, @Nullable PrometheusReader prometheus) {
    SdkMeterProviderBuilder b = SdkMeterProvider.builder().setResource(resource);
    if (prometheus != null) {
      b.registerMetricReader(prometheus);
    }
    for (PeriodicReader r : metrics.readers()) {
      for (Exporter e : r.exporters()) {
        b.registerMetricReader(
            PeriodicMetricReader.builder(Exporters.metrics(e)).setInterval(r.interval()).build());
      }
    }
    return b.build();
  }

  static Sampler sampler(Sampling s) {
    return switch (s) {
      case Sampling.AlwaysOn on -> Sampler.alwaysOn();
      case Sampling.AlwaysOff off -> Sampler.alwaysOff();
      case Sampling.TraceIdRatio r -> Sampler.traceIdRatioBased(r.ratio());
      case Sampling.ParentBased p -> Sampler.parentBased(sampler(p.root()));
    };
  }
}
