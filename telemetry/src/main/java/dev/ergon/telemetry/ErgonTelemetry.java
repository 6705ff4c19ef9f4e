package dev.ergon.telemetry;

import dev.ergon.ConfigurationException;
import dev.ergon.telemetry.internal.BuiltSdk;
import dev.ergon.telemetry.internal.EnvironmentSdk;
import dev.ergon.telemetry.internal.LogbackInstallation;
import dev.ergon.telemetry.internal.SdkAssembly;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * Installs a worker's telemetry: builds its OpenTelemetry SDK (resource, tracer, meter and logger
 * providers, W3C trace-context and baggage propagators) and sets up Logback.
 *
 * <pre>{@code
 * TelemetryConfig config = TelemetryConfig.builder()
 *     .logging(LoggingConfig.builder().handler(LogHandler.jsonConsole()).build())
 *     .tracing(TracingConfig.builder().batch(OtlpExporter.grpc("http://collector:4317")).build())
 *     .build();
 * InstalledTelemetry telemetry =
 *     ErgonTelemetry.install(config, new WorkerIdentity("orders", executionId, workerIndex));
 * WorkerOptions options = WorkerOptions.defaults().withOpenTelemetry(telemetry.openTelemetry());
 * ...
 * telemetry.close();
 * }</pre>
 *
 * <p>The SDK is the worker's own: nothing is registered as {@code GlobalOpenTelemetry} and no
 * shutdown hook is added. Logback, though, is configured per process: with a {@link LoggingConfig}
 * the root logger's appenders are replaced by the configured handlers until {@link
 * InstalledTelemetry#close()} puts the previous ones back; without one, Logback (a user's {@code
 * logback.xml}) is left as it is, and only an appender feeding OpenTelemetry is added when logs are
 * exported (an OTLP handler, or {@code OTEL_LOGS_EXPORTER} in {@link
 * TelemetryConfig#fromEnvironment()} mode). Several workers in one process each get their own SDK;
 * their Logback set-ups stack (the latest wins until it is closed).
 */
public final class ErgonTelemetry {
  private ErgonTelemetry() {}

  /**
   * Installs telemetry for one worker.
   *
   * @param config what to set up
   * @param identity the worker (resource attributes, log file placeholders)
   * @return the installed telemetry; close it on every exit path
   * @throws ConfigurationException when the configuration cannot be applied (e.g. Logback is not
   *     the SLF4J provider, a log file cannot be opened); nothing stays installed then
   */
  public static InstalledTelemetry install(TelemetryConfig config, WorkerIdentity identity) {
    BuiltSdk sdk =
        config.sdkFromEnvironment()
            ? EnvironmentSdk.build(config, identity)
            : SdkAssembly.build(config, identity);
    try {
      return new InstalledTelemetry(identity, sdk, logback(config, identity, sdk));
    } catch (RuntimeException e) {
      OpenTelemetrySdk s = sdk.sdk();
      if (s != null) {
        s.shutdown().join(1, TimeUnit.SECONDS);
      }
      throw e;
    }
  }

  private static @Nullable LogbackInstallation logback(
      TelemetryConfig config, WorkerIdentity identity, BuiltSdk sdk) {
    LoggingConfig logging = config.logging();
    if (logging != null) {
      return LogbackInstallation.configure(
          logging, identity, sdk.logsEnabled() ? sdk.openTelemetry() : null);
    }
    if (sdk.logsEnabled()) {
      return LogbackInstallation.addOpenTelemetry(sdk.openTelemetry());
    }
    return null;
  }
}
