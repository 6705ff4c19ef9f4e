package dev.ergon.telemetry;

/**
 * Where spans or metrics are exported: an OTLP collector or the console (the SDK's logging
 * exporters, through {@code java.util.logging}; for development).
 *
 * <pre>{@code
 * Exporter.console();
 * OtlpExporter.grpc("http://collector:4317");
 * OtlpExporter.builder(OtlpExporter.Protocol.HTTP).endpoint("https://otlp.example.com")
 *     .header("Authorization", "Bearer ...").compression(OtlpExporter.Compression.GZIP).build();
 * }</pre>
 */
public sealed interface Exporter permits OtlpExporter, Exporter.Console {

  /** The SDK's logging exporter: one line per span or metric, for development. */
  record Console() implements Exporter {}

  /**
   * The console exporter.
   *
   * @return the exporter
   */
  static Exporter console() {
    return new Console();
  }
}
