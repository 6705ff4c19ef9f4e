package dev.ergon.telemetry;

import dev.ergon.ConfigurationException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * How a worker traces: the sampler and the span processors with their exporters.
 *
 * <pre>{@code
 * TracingConfig tracing = TracingConfig.builder()
 *     .sampler(Sampling.parentBased(Sampling.traceIdRatio(0.25)))
 *     .batch(OtlpExporter.grpc("http://collector:4317"))
 *     .build();
 * }</pre>
 *
 * <p>A configuration with no processors still gives every transaction trace and span ids (for log
 * correlation and propagation to the next task) without exporting anything.
 *
 * @param sampler which traces are recorded
 * @param processors how spans reach exporters; may be empty
 */
public record TracingConfig(Sampling sampler, List<SpanProcessorConfig> processors) {

  /** Checks the fields and copies the processors. */
  public TracingConfig {
    Objects.requireNonNull(sampler, "sampler");
    processors = List.copyOf(processors);
  }

  /**
   * A builder: parent-based always-on sampling, no processors.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /** Builds a {@link TracingConfig}. Not thread-safe. */
  public static final class Builder {
    private Sampling sampler = Sampling.defaults();
    private final List<SpanProcessorConfig> processors = new ArrayList<>();

    private Builder() {}

    /**
     * Sets the sampler.
     *
     * @param value the sampler
     * @return this builder
     */
    public Builder sampler(Sampling value) {
      this.sampler = Objects.requireNonNull(value, "sampler");
      return this;
    }

    /**
     * Adds a processor.
     *
     * @param value the processor
     * @return this builder
     */
    public Builder processor(SpanProcessorConfig value) {
      processors.add(Objects.requireNonNull(value, "processor"));
      return this;
    }

    /**
     * Adds a batch processor with the SDK's defaults for each exporter.
     *
     * @param exporters at least one exporter
     * @return this builder
     */
    public Builder batch(Exporter... exporters) {
      return processor(SpanProcessorConfig.batch(exporters));
    }

    /**
     * Adds a simple (export as it ends) processor for each exporter.
     *
     * @param exporters at least one exporter
     * @return this builder
     */
    public Builder simple(Exporter... exporters) {
      return processor(SpanProcessorConfig.simple(exporters));
    }

    /**
     * Builds the configuration.
     *
     * @return the configuration
     * @throws ConfigurationException when a value is invalid
     */
    public TracingConfig build() {
      return new TracingConfig(sampler, processors);
    }
  }
}
