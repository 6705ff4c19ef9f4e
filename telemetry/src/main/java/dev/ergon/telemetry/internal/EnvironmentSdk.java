package dev.ergon.telemetry.internal;

import dev.ergon.telemetry.LogHandler;
import dev.ergon.telemetry.TelemetryConfig;
import dev.ergon.telemetry.WorkerIdentity;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.autoconfigure.AutoConfiguredOpenTelemetrySdk;
import io.opentelemetry.sdk.resources.Resource;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Builds the SDK with the autoconfigure module from {@code OTEL_*} environment variables and {@code
 * otel.*} system properties, completing the resource with the worker's attributes.
 */
public final class EnvironmentSdk {
  private static final String LOGS_EXPORTER = "otel.logs.exporter";

  private EnvironmentSdk() {}

  /**
   * Builds the SDK. No shutdown hook is registered and nothing becomes global: the caller closes
   * it.
   *
   * @param config the configuration (from the environment)
   * @param identity the worker
   * @return the SDK
   */
  public static BuiltSdk build(TelemetryConfig config, WorkerIdentity identity) {
    AtomicReference<Resource> resource = new AtomicReference<>(Resource.empty());
    AtomicBoolean logs = new AtomicBoolean();
    List<LogHandler.Otlp> otlpLogs = SdkAssembly.otlpHandlers(config.logging());
    OpenTelemetrySdk sdk =
        AutoConfiguredOpenTelemetrySdk.builder()
            .disableShutdownHook()
            .addPropertiesCustomizer(properties -> config.environmentOverrides())
            .addResourceCustomizer(
                (base, properties) -> {
                  Resource r = WorkerResource.complete(base, config, identity, false);
                  resource.set(r);
                  return r;
                })
            .addLoggerProviderCustomizer(
                (builder, properties) -> {
                  List<String> exporters = properties.getList(LOGS_EXPORTER, List.of("otlp"));
                  logs.set(!otlpLogs.isEmpty() || !exporters.equals(List.of("none")));
                  otlpLogs.forEach(h -> builder.addLogRecordProcessor(SdkAssembly.logProcessor(h)));
                  return builder;
                })
            .build()
            .getOpenTelemetrySdk();
    return new BuiltSdk(sdk, resource.get(), logs.get());
  }
}
