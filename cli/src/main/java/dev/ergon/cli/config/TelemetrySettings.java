package dev.ergon.cli.config;

import dev.ergon.ConfigurationException;
import dev.ergon.telemetry.Exporter;
import dev.ergon.telemetry.LogHandler;
import dev.ergon.telemetry.LogLevel;
import dev.ergon.telemetry.LoggingConfig;
import dev.ergon.telemetry.MetricsConfig;
import dev.ergon.telemetry.OtlpExporter;
import dev.ergon.telemetry.Sampling;
import dev.ergon.telemetry.TelemetryConfig;
import dev.ergon.telemetry.TracingConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The {@code telemetry} section of a task in {@code ergon.yaml}, turned into the {@link
 * TelemetryConfig} each worker installs:
 *
 * <pre>{@code
 * telemetry:
 *   service_name: orders                 # default: the task's name
 *   logging: {level: info, format: json, file: logs/orders-{worker}.log}
 *   otlp: {endpoint: http://collector:4317, protocol: grpc}   # traces, metrics and logs
 *   tracing: {sampler: parentbased_traceidratio, ratio: 0.1}
 *   metrics: {interval: 30s, prometheus: true}
 * }</pre>
 *
 * <p>or {@code telemetry: {from_environment: true}} for the standard {@code OTEL_*} variables.
 */
final class TelemetrySettings {
  /** The keys of the section, dotted. */
  static final List<String> KEYS =
      List.of(
          "from_environment",
          "service_name",
          "logging.level",
          "logging.format",
          "logging.file",
          "otlp.endpoint",
          "otlp.protocol",
          "tracing.sampler",
          "tracing.ratio",
          "metrics.interval",
          "metrics.prometheus");

  private TelemetrySettings() {}

  /**
   * Reads the section.
   *
   * @param settings the task's settings under {@code tasks.<task>.telemetry}
   * @param problems collects errors naming the key, value and source
   * @return the telemetry configuration, empty when the section is absent
   */
  static Optional<TelemetryConfig> from(List<Setting> settings, Problems problems) {
    Map<String, Setting> keys = new LinkedHashMap<>();
    for (Setting s : settings) {
      if (s.path().size() <= 3 || s.value() instanceof Map<?, ?>) {
        continue; // "telemetry:" or an intermediate mapping
      }
      String key = s.keyFrom(3);
      if (!KEYS.contains(key)) {
        problems.add(
            s.problem(
                "unknown key '" + key + "' in telemetry; known keys: " + String.join(", ", KEYS)));
        continue;
      }
      keys.put(key, s); // later sources win
    }
    if (keys.isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.of(build(keys));
    } catch (ConfigurationException e) {
      problems.add(e);
      return Optional.empty();
    }
  }

  private static TelemetryConfig build(Map<String, Setting> k) {
    Setting env = k.get("from_environment");
    if (env != null && Values.bool(env)) {
      if (k.size() > 1) {
        throw env.problem("from_environment cannot be combined with other telemetry keys");
      }
      return TelemetryConfig.fromEnvironment();
    }
    TelemetryConfig.Builder b = TelemetryConfig.builder();
    Setting name = k.get("service_name");
    if (name != null) {
      b.serviceName(Values.string(name));
    }
    OtlpExporter otlp = otlp(k);
    b.logging(logging(k, otlp));
    if (otlp != null || k.containsKey("tracing.sampler")) {
      TracingConfig.Builder t = TracingConfig.builder();
      Setting sampler = k.get("tracing.sampler");
      if (sampler != null) {
        Setting ratio = k.get("tracing.ratio");
        t.sampler(
            checked(
                sampler,
                () ->
                    Sampling.parse(
                        Values.string(sampler), ratio == null ? null : Values.number(ratio))));
      }
      t.batch(otlp != null ? otlp : Exporter.console());
      b.tracing(t.build());
    }
    Setting prometheus = k.get("metrics.prometheus");
    boolean pull = prometheus != null && Values.bool(prometheus);
    if (otlp != null || pull) {
      MetricsConfig.Builder m = MetricsConfig.builder();
      if (otlp != null) {
        Setting interval = k.get("metrics.interval");
        Duration every = interval == null ? Duration.ofSeconds(30) : Values.duration(interval);
        m.periodic(every, otlp);
      }
      if (pull) {
        m.prometheus();
      }
      b.metrics(checked(prometheus != null ? prometheus : k.get("otlp.endpoint"), m::build));
    }
    return b.build();
  }

  private static @Nullable OtlpExporter otlp(Map<String, Setting> k) {
    Setting endpoint = k.get("otlp.endpoint");
    if (endpoint == null) {
      return null;
    }
    Setting protocol = k.get("otlp.protocol");
    String p = protocol == null ? "grpc" : Values.string(protocol).trim().toLowerCase();
    String url = Values.string(endpoint);
    return switch (p) {
      case "grpc" -> checked(endpoint, () -> OtlpExporter.grpc(url));
      case "http", "http/protobuf" -> checked(endpoint, () -> OtlpExporter.http(url));
      default -> throw requireNonNullSetting(protocol).invalid("grpc or http");
    };
  }

  private static LoggingConfig logging(Map<String, Setting> k, @Nullable OtlpExporter otlp) {
    LoggingConfig.Builder l = LoggingConfig.builder();
    Setting level = k.get("logging.level");
    if (level != null) {
      l.level(checked(level, () -> LogLevel.parse(Values.string(level))));
    }
    Setting format = k.get("logging.format");
    boolean json = false;
    if (format != null) {
      String f = Values.string(format).trim().toLowerCase();
      if (!f.equals("json") && !f.equals("plain")) {
        throw format.invalid("plain or json");
      }
      json = f.equals("json");
    }
    l.handler(json ? LogHandler.jsonConsole() : LogHandler.console());
    Setting file = k.get("logging.file");
    if (file != null) {
      Path path = Path.of(Values.string(file));
      l.handler(json ? LogHandler.jsonFile(path) : LogHandler.file(path));
    }
    if (otlp != null) {
      l.handler(LogHandler.otlp(otlp));
    }
    return l.build();
  }

  private static Setting requireNonNullSetting(@Nullable Setting s) {
    if (s == null) {
      throw new IllegalStateException("a setting was expected");
    }
    return s;
  }

  /** Runs a telemetry builder step, naming the setting when it rejects the value. */
  private static <T> T checked(@Nullable Setting s, java.util.function.Supplier<T> step) {
    try {
      return step.get();
    } catch (ConfigurationException | IllegalArgumentException e) {
      if (s == null) {
        throw e;
      }
      throw e instanceof ConfigurationException ce ? s.rejected(ce) : s.problem(e.getMessage());
    }
  }
}
