package dev.ergon.telemetry;

import dev.ergon.ConfigurationException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A worker's telemetry: logging, tracing and metrics configured in code, or the SDK configured from
 * the standard {@code OTEL_*} environment variables (and {@code otel.*} system properties) by the
 * OpenTelemetry autoconfigure module.
 *
 * <pre>{@code
 * TelemetryConfig config = TelemetryConfig.builder()
 *     .serviceName("orders")                       // default: the task's name
 *     .resourceAttribute("deployment.environment", "prod")
 *     .logging(LoggingConfig.builder().handler(LogHandler.jsonConsole()).build())
 *     .tracing(TracingConfig.builder().batch(OtlpExporter.grpc("http://collector:4317")).build())
 *     .metrics(MetricsConfig.builder()
 *         .periodic(Duration.ofSeconds(30), OtlpExporter.grpc("http://collector:4317")).build())
 *     .build();
 *
 * TelemetryConfig fromEnv = TelemetryConfig.fromEnvironment()   // OTEL_EXPORTER_OTLP_ENDPOINT, ...
 *     .withLogging(LoggingConfig.builder().handler(LogHandler.jsonConsole()).build());
 * }</pre>
 *
 * <p>A part left {@code null} is not set up: no logging config keeps Logback as it is (a user's
 * {@code logback.xml}), no tracing config means no spans are exported, no metrics config means no
 * metrics are. With none of the three, {@link InstalledTelemetry#openTelemetry()} is the no-op
 * instance.
 *
 * @param logging the Logback set-up, or null to leave Logback alone
 * @param tracing the tracer provider, or null for none; must be null when {@code
 *     sdkFromEnvironment}
 * @param metrics the meter provider, or null for none; must be null when {@code sdkFromEnvironment}
 * @param serviceName {@code service.name}, or null for the task's name
 * @param resourceAttributes more resource attributes (they override the defaults)
 * @param sdkFromEnvironment whether the SDK comes from {@code OTEL_*} variables ({@link
 *     #fromEnvironment()})
 * @param environmentOverrides {@code otel.*} properties that take precedence over the environment
 *     and system properties (e.g. {@code otel.traces.exporter=none}); only with {@code
 *     sdkFromEnvironment}
 */
public record TelemetryConfig(
    @Nullable LoggingConfig logging,
    @Nullable TracingConfig tracing,
    @Nullable MetricsConfig metrics,
    @Nullable String serviceName,
    Map<String, String> resourceAttributes,
    boolean sdkFromEnvironment,
    Map<String, String> environmentOverrides) {

  /** Checks the combination and copies the maps. */
  public TelemetryConfig {
    resourceAttributes = Map.copyOf(resourceAttributes);
    environmentOverrides = Map.copyOf(environmentOverrides);
    if (serviceName != null && serviceName.isBlank()) {
      throw new ConfigurationException("service_name", "\"" + serviceName + "\"", "not blank");
    }
    if (sdkFromEnvironment && tracing != null) {
      throw new ConfigurationException(
          "tracing", "a TracingConfig", "absent when the SDK comes from OTEL_* variables");
    }
    if (sdkFromEnvironment && metrics != null) {
      throw new ConfigurationException(
          "metrics", "a MetricsConfig", "absent when the SDK comes from OTEL_* variables");
    }
    if (!sdkFromEnvironment && !environmentOverrides.isEmpty()) {
      throw new ConfigurationException(
          "environment_overrides",
          environmentOverrides.keySet(),
          "empty unless the SDK comes from OTEL_* variables");
    }
  }

  /**
   * Nothing: no-op OpenTelemetry, Logback untouched.
   *
   * @return the configuration
   */
  public static TelemetryConfig none() {
    return builder().build();
  }

  /**
   * The SDK from the standard {@code OTEL_*} environment variables and {@code otel.*} system
   * properties ({@code OTEL_SERVICE_NAME}, {@code OTEL_RESOURCE_ATTRIBUTES}, {@code
   * OTEL_TRACES_EXPORTER}, {@code OTEL_EXPORTER_OTLP_ENDPOINT}, {@code OTEL_TRACES_SAMPLER}, ...),
   * the worker's resource attributes added. Logback records go to the SDK's logger provider unless
   * {@code OTEL_LOGS_EXPORTER=none}.
   *
   * @return the configuration
   */
  public static TelemetryConfig fromEnvironment() {
    return fromEnvironment(Map.of());
  }

  /**
   * As {@link #fromEnvironment()}, with {@code otel.*} properties that take precedence.
   *
   * @param overrides e.g. {@code Map.of("otel.metrics.exporter", "none")}
   * @return the configuration
   */
  public static TelemetryConfig fromEnvironment(Map<String, String> overrides) {
    return new TelemetryConfig(null, null, null, null, Map.of(), true, overrides);
  }

  /**
   * A copy with another logging set-up.
   *
   * @param value the Logback set-up, or null to leave Logback alone
   * @return the copy
   */
  public TelemetryConfig withLogging(@Nullable LoggingConfig value) {
    return new TelemetryConfig(
        value,
        tracing,
        metrics,
        serviceName,
        resourceAttributes,
        sdkFromEnvironment,
        environmentOverrides);
  }

  /**
   * A builder for a configuration in code: nothing set up until parts are added.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /** Builds a {@link TelemetryConfig} configured in code. Not thread-safe. */
  public static final class Builder {
    private @Nullable LoggingConfig logging;
    private @Nullable TracingConfig tracing;
    private @Nullable MetricsConfig metrics;
    private @Nullable String serviceName;
    private final Map<String, String> resourceAttributes = new LinkedHashMap<>();

    private Builder() {}

    /**
     * Sets the Logback set-up.
     *
     * @param value the logging configuration
     * @return this builder
     */
    public Builder logging(LoggingConfig value) {
      this.logging = Objects.requireNonNull(value, "logging");
      return this;
    }

    /**
     * Sets the tracing.
     *
     * @param value the tracing configuration
     * @return this builder
     */
    public Builder tracing(TracingConfig value) {
      this.tracing = Objects.requireNonNull(value, "tracing");
      return this;
    }

    /**
     * Sets the metrics.
     *
     * @param value the metrics configuration
     * @return this builder
     */
    public Builder metrics(MetricsConfig value) {
      this.metrics = Objects.requireNonNull(value, "metrics");
      return this;
    }

    /**
     * Sets {@code service.name} (default: the task's name).
     *
     * @param value the service name
     * @return this builder
     */
    public Builder serviceName(String value) {
      this.serviceName = Objects.requireNonNull(value, "serviceName");
      return this;
    }

    /**
     * Adds a resource attribute.
     *
     * @param key the attribute key, e.g. {@code deployment.environment}
     * @param value its value
     * @return this builder
     */
    public Builder resourceAttribute(String key, String value) {
      resourceAttributes.put(
          Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
      return this;
    }

    /**
     * Builds the configuration.
     *
     * @return the configuration
     * @throws ConfigurationException when a value is invalid
     */
    public TelemetryConfig build() {
      return new TelemetryConfig(
          logging, tracing, metrics, serviceName, resourceAttributes, false, Map.of());
    }
  }
}
