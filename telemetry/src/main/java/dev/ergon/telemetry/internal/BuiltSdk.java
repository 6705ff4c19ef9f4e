package dev.ergon.telemetry.internal;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.resources.Resource;
import org.jspecify.annotations.Nullable;

/**
 * An assembled SDK.
 *
 * @param sdk the SDK, or null when nothing is configured (the engine then stays no-op)
 * @param resource the worker's resource
 * @param logsEnabled whether Logback records should go to the SDK's logger provider
 * @param prometheus the Prometheus pull reader, when configured
 */
public record BuiltSdk(
    @Nullable OpenTelemetrySdk sdk,
    Resource resource,
    boolean logsEnabled,
    @Nullable PrometheusReader prometheus) {

  /**
   * An SDK without a Prometheus reader.
   *
   * @param sdk the SDK, or null
   * @param resource the resource
   * @param logsEnabled whether logs go to the SDK
   */
  public BuiltSdk(@Nullable OpenTelemetrySdk sdk, Resource resource, boolean logsEnabled) {
    this(sdk, resource, logsEnabled, null);
  }

  /**
   * What the engine is given.
   *
   * @return the SDK, or the no-op instance
   */
  public OpenTelemetry openTelemetry() {
    return sdk == null ? OpenTelemetry.noop() : sdk;
  }
}
