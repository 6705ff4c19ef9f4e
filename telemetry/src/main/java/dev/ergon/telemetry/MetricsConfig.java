package dev.ergon.telemetry;

import dev.ergon.ConfigurationException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * How a worker's metrics are exported: periodic readers pushing to exporters, and/or a Prometheus
 * pull reader whose text the runtime's health endpoint serves on {@code /metrics}.
 *
 * <pre>{@code
 * MetricsConfig metrics = MetricsConfig.builder()
 *     .periodic(Duration.ofSeconds(30), OtlpExporter.grpc("http://collector:4317"))
 *     .prometheus()
 *     .build();
 * }</pre>
 *
 * @param readers the periodic readers
 * @param prometheus whether a Prometheus pull reader is installed ({@link
 *     InstalledTelemetry#prometheusText()})
 */
public record MetricsConfig(List<PeriodicReader> readers, boolean prometheus) {

  /** Checks and copies the readers. */
  public MetricsConfig {
    readers = List.copyOf(readers);
    if (readers.isEmpty() && !prometheus) {
      throw new ConfigurationException(
          "readers", "[]", "at least one reader (or the prometheus pull reader)");
    }
  }

  /**
   * Periodic readers only.
   *
   * @param readers at least one reader
   */
  public MetricsConfig(List<PeriodicReader> readers) {
    this(readers, false);
  }

  /**
   * A builder with no readers.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /** Builds a {@link MetricsConfig}. Not thread-safe. */
  public static final class Builder {
    private final List<PeriodicReader> readers = new ArrayList<>();
    private boolean prometheus;

    private Builder() {}

    /**
     * Adds the Prometheus pull reader: metrics in the Prometheus text format, for the runtime's
     * {@code /metrics} endpoint ({@code RunOptions.Builder#metricsText}).
     *
     * @return this builder
     */
    public Builder prometheus() {
      this.prometheus = true;
      return this;
    }

    /**
     * Adds a reader.
     *
     * @param value the reader
     * @return this builder
     */
    public Builder reader(PeriodicReader value) {
      readers.add(Objects.requireNonNull(value, "reader"));
      return this;
    }

    /**
     * Adds a periodic reader.
     *
     * @param interval the time between two exports
     * @param exporters at least one exporter
     * @return this builder
     */
    public Builder periodic(Duration interval, Exporter... exporters) {
      return reader(new PeriodicReader(interval, List.of(exporters)));
    }

    /**
     * Builds the configuration.
     *
     * @return the configuration
     * @throws ConfigurationException when no reader was added and no Prometheus reader
     */
    public MetricsConfig build() {
      return new MetricsConfig(readers, prometheus);
    }
  }
}
