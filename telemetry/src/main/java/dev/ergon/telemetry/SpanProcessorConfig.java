package dev.ergon.telemetry;

import dev.ergon.ConfigurationException;
import io.opentelemetry.sdk.trace.SpanProcessor;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * How ended spans reach their exporters: in batches from a queue (production), one by one as they
 * end (tests, debugging), or through a processor of the user's own. Each exporter gets its own
 * processor, so a slow collector does not hold up the others.
 *
 * <pre>{@code
 * SpanProcessorConfig.batch(OtlpExporter.grpc("http://collector:4317"));
 * SpanProcessorConfig.Batch.builder().scheduleDelay(Duration.ofSeconds(1))
 *     .exporter(OtlpExporter.http("http://collector:4318")).build();
 * SpanProcessorConfig.simple(Exporter.console());
 * }</pre>
 */
public sealed interface SpanProcessorConfig
    permits SpanProcessorConfig.Batch, SpanProcessorConfig.Simple, SpanProcessorConfig.Custom {

  /**
   * The SDK's batch span processor.
   *
   * @param scheduleDelay the delay between two exports
   * @param maxQueueSize spans queued at most (more are dropped)
   * @param maxExportBatchSize spans per export at most, at most {@code maxQueueSize}
   * @param exportTimeout how long one export may take
   * @param exporters at least one exporter
   */
  record Batch(
      Duration scheduleDelay,
      int maxQueueSize,
      int maxExportBatchSize,
      Duration exportTimeout,
      List<Exporter> exporters)
      implements SpanProcessorConfig {

    /** The SDK's default schedule delay: 5 s. */
    public static final Duration DEFAULT_SCHEDULE_DELAY = Duration.ofSeconds(5);

    /** The SDK's default queue size: 2048. */
    public static final int DEFAULT_MAX_QUEUE_SIZE = 2048;

    /** The SDK's default batch size: 512. */
    public static final int DEFAULT_MAX_EXPORT_BATCH_SIZE = 512;

    /** The SDK's default export timeout: 30 s. */
    public static final Duration DEFAULT_EXPORT_TIMEOUT = Duration.ofSeconds(30);

    /** Checks the fields and copies the exporters. */
    public Batch {
      Objects.requireNonNull(scheduleDelay, "scheduleDelay");
      Objects.requireNonNull(exportTimeout, "exportTimeout");
      exporters = List.copyOf(exporters);
      if (scheduleDelay.isNegative()) {
        throw new ConfigurationException("schedule_delay", scheduleDelay, ">= 0");
      }
      if (exportTimeout.isNegative() || exportTimeout.isZero()) {
        throw new ConfigurationException("export_timeout", exportTimeout, "positive");
      }
      if (maxQueueSize < 1) {
        throw new ConfigurationException("max_queue_size", maxQueueSize, ">= 1");
      }
      if (maxExportBatchSize < 1 || maxExportBatchSize > maxQueueSize) {
        throw new ConfigurationException(
            "max_export_batch_size", maxExportBatchSize, "between 1 and max_queue_size");
      }
      requireExporters(exporters);
    }

    /**
     * A builder with the SDK's defaults.
     *
     * @return a new builder
     */
    public static Builder builder() {
      return new Builder();
    }

    /** Builds a {@link Batch}. Not thread-safe. */
    public static final class Builder {
      private Duration scheduleDelay = DEFAULT_SCHEDULE_DELAY;
      private int maxQueueSize = DEFAULT_MAX_QUEUE_SIZE;
      private int maxExportBatchSize = DEFAULT_MAX_EXPORT_BATCH_SIZE;
      private Duration exportTimeout = DEFAULT_EXPORT_TIMEOUT;
      private final List<Exporter> exporters = new ArrayList<>();

      private Builder() {}

      /**
       * Sets the delay between two exports.
       *
       * @param value the delay
       * @return this builder
       */
      public Builder scheduleDelay(Duration value) {
        this.scheduleDelay = Objects.requireNonNull(value, "scheduleDelay");
        return this;
      }

      /**
       * Sets the queue size.
       *
       * @param value spans queued at most
       * @return this builder
       */
      public Builder maxQueueSize(int value) {
        this.maxQueueSize = value;
        return this;
      }

      /**
       * Sets the batch size.
       *
       * @param value spans per export at most
       * @return this builder
       */
      public Builder maxExportBatchSize(int value) {
        this.maxExportBatchSize = value;
        return this;
      }

      /**
       * Sets the export timeout.
       *
       * @param value how long one export may take
       * @return this builder
       */
      public Builder exportTimeout(Duration value) {
        this.exportTimeout = Objects.requireNonNull(value, "exportTimeout");
        return this;
      }

      /**
       * Adds exporters.
       *
       * @param values the exporters
       * @return this builder
       */
      public Builder exporter(Exporter... values) {
        for (Exporter e : values) {
          exporters.add(Objects.requireNonNull(e, "exporter"));
        }
        return this;
      }

      /**
       * Builds the processor configuration.
       *
       * @return the configuration
       * @throws ConfigurationException when a value is invalid
       */
      public Batch build() {
        return new Batch(scheduleDelay, maxQueueSize, maxExportBatchSize, exportTimeout, exporters);
      }
    }
  }

  /**
   * The SDK's simple span processor: exports each span as it ends, on the ending thread.
   *
   * @param exporters at least one exporter
   */
  record Simple(List<Exporter> exporters) implements SpanProcessorConfig {
    /** Checks and copies the exporters. */
    public Simple {
      exporters = List.copyOf(exporters);
      requireExporters(exporters);
    }
  }

  /**
   * A span processor of the user's own (an in-memory exporter in a test, a vendor's exporter). It
   * is flushed and shut down with the worker's telemetry.
   *
   * @param processor the processor
   */
  record Custom(SpanProcessor processor) implements SpanProcessorConfig {
    /** Checks the processor. */
    public Custom {
      Objects.requireNonNull(processor, "processor");
    }
  }

  /**
   * Batches with the SDK's defaults.
   *
   * @param exporters at least one exporter
   * @return the configuration
   */
  static SpanProcessorConfig batch(Exporter... exporters) {
    return Batch.builder().exporter(exporters).build();
  }

  /**
   * Exports each span as it ends.
   *
   * @param exporters at least one exporter
   * @return the configuration
   */
  static SpanProcessorConfig simple(Exporter... exporters) {
    return new Simple(List.of(exporters));
  }

  /**
   * A processor of the user's own.
   *
   * @param processor the processor
   * @return the configuration
   */
  static SpanProcessorConfig custom(SpanProcessor processor) {
    return new Custom(processor);
  }

  private static void requireExporters(List<Exporter> exporters) {
    if (exporters.isEmpty()) {
      throw new ConfigurationException("exporters", "[]", "at least one exporter");
    }
  }
}
