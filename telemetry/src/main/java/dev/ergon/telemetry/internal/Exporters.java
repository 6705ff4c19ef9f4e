package dev.ergon.telemetry.internal;

import dev.ergon.telemetry.Exporter;
import dev.ergon.telemetry.OtlpExporter;
import io.opentelemetry.exporter.logging.LoggingMetricExporter;
import io.opentelemetry.exporter.logging.LoggingSpanExporter;
import io.opentelemetry.exporter.otlp.http.logs.OtlpHttpLogRecordExporter;
import io.opentelemetry.exporter.otlp.http.metrics.OtlpHttpMetricExporter;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.exporter.otlp.logs.OtlpGrpcLogRecordExporter;
import io.opentelemetry.exporter.otlp.metrics.OtlpGrpcMetricExporter;
import io.opentelemetry.exporter.otlp.trace.OtlpGrpcSpanExporter;
import io.opentelemetry.sdk.logs.export.LogRecordExporter;
import io.opentelemetry.sdk.metrics.export.MetricExporter;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.util.Locale;

/** Builds the SDK's exporters from {@link Exporter} configurations, one per signal. */
final class Exporters {
  private Exporters() {}

  static SpanExporter spans(Exporter config) {
    return switch (config) {
      case Exporter.Console c -> LoggingSpanExporter.create();
      case OtlpExporter o when o.protocol() == OtlpExporter.Protocol.GRPC -> {
        var b = OtlpGrpcSpanExporter.builder().setEndpoint(base(o));
        b.setTimeout(o.timeout()).setCompression(compression(o));
        o.headers().forEach(b::addHeader);
        yield b.build();
      }
      case OtlpExporter o -> {
        var b = OtlpHttpSpanExporter.builder().setEndpoint(base(o) + "/v1/traces");
        b.setTimeout(o.timeout()).setCompression(compression(o));
        o.headers().forEach(b::addHeader);
        yield b.build();
      }
    };
  }

  static MetricExporter metrics(Exporter config) {
    return switch (config) {
      case Exporter.Console c -> LoggingMetricExporter.create();
      case OtlpExporter o when o.protocol() == OtlpExporter.Protocol.GRPC -> {
        var b = OtlpGrpcMetricExporter.builder().setEndpoint(base(o));
        b.setTimeout(o.timeout()).setCompression(compression(o));
        o.headers().forEach(b::addHeader);
        yield b.build();
      }
      case OtlpExporter o -> {
        var b = OtlpHttpMetricExporter.builder().setEndpoint(base(o) + "/v1/metrics");
        b.setTimeout(o.timeout()).setCompression(compression(o));
        o.headers().forEach(b::addHeader);
        yield b.build();
      }
    };
  }

  static LogRecordExporter logs(OtlpExporter o) {
    if (o.protocol() == OtlpExporter.Protocol.GRPC) {
      var b = OtlpGrpcLogRecordExporter.builder().setEndpoint(base(o));
      b.setTimeout(o.timeout()).setCompression(compression(o));
      o.headers().forEach(b::addHeader);
      return b.build();
    }
    var b = OtlpHttpLogRecordExporter.builder().setEndpoint(base(o) + "/v1/logs");
    b.setTimeout(o.timeout()).setCompression(compression(o));
    o.headers().forEach(b::addHeader);
    return b.build();
  }

  /** The endpoint without a trailing slash. */
  private static String base(OtlpExporter o) {
    String s = o.endpoint().toString();
    return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
  }

  private static String compression(OtlpExporter o) {
    return o.compression().name().toLowerCase(Locale.ROOT);
  }
}
