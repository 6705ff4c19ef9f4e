package dev.ergon.telemetry;

import dev.ergon.ConfigurationException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * How a worker's metrics are exported: periodic readers pushing to exporters.
 *
 * <pre>{@code
 * MetricsConfig metrics = MetricsConfig.builder()
 *     .periodic(Duration.ofSeconds(30), OtlpExporter.grpc("http://collector:4317"))
 *     .build();
 * }</pre>
 *
 * @param readers the readers; at least one
 */
public record MetricsConfig(List<PeriodicReader> readers) {

  /** Checks and copies the readers. */
  public MetricsConfig {
    readers = List.copyOf(readers);
    if (readers.isEmpty()) {
      throw new ConfigurationException("readers", "[]", "at least one reader");
    }
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

    private Builder() {}

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
     * @throws ConfigurationException when no reader was added
     */
    public MetricsConfig build() {
      return new MetricsConfig(readers);
    }
  }
}
