package dev.ergon.telemetry;

import dev.ergon.ConfigurationException;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * A periodic metric reader: every {@code interval} it collects the worker's metrics and pushes them
 * to each exporter (and once more when the telemetry is flushed at exit).
 *
 * @param interval the time between two exports, at least 100 ms
 * @param exporters at least one exporter
 */
public record PeriodicReader(Duration interval, List<Exporter> exporters) {

  /** The SDK's default interval: 60 s. */
  public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(60);

  /** Checks the fields and copies the exporters. */
  public PeriodicReader {
    Objects.requireNonNull(interval, "interval");
    exporters = List.copyOf(exporters);
    if (interval.compareTo(Duration.ofMillis(100)) < 0) {
      throw new ConfigurationException("interval", interval, ">= PT0.1S");
    }
    if (exporters.isEmpty()) {
      throw new ConfigurationException("exporters", "[]", "at least one exporter");
    }
  }
}
