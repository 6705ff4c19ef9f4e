package dev.ergon.telemetry;

import dev.ergon.ConfigurationException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * How a worker logs: the root level, per-logger levels, the handlers (Logback appenders that
 * replace the root logger's appenders) and the plain-line pattern.
 *
 * <pre>{@code
 * LoggingConfig logging = LoggingConfig.builder()
 *     .level(LogLevel.INFO)
 *     .logger("com.rabbitmq", LogLevel.WARN)
 *     .handler(LogHandler.jsonConsole())
 *     .handler(LogHandler.rotatingFile(Path.of("logs/{task}-{worker}.log"), 10_000_000, 5))
 *     .handler(LogHandler.otlp(OtlpExporter.grpc("http://collector:4317")))
 *     .build();
 * }</pre>
 *
 * @param level the root logger's level
 * @param loggers levels of named loggers (a logger name, e.g. a package, to its level)
 * @param handlers where records go; never empty
 * @param pattern the Logback pattern of {@link LogFormat#PLAIN} lines; besides Logback's own
 *     conversion words it understands {@code %traceId}, {@code %spanId} and {@code %ergonContext}
 *     (" trace_id=.. span_id=.. transaction_id=.. task=..", the keys that are set)
 */
public record LoggingConfig(
    LogLevel level, Map<String, LogLevel> loggers, List<LogHandler> handlers, String pattern) {

  /**
   * The default plain pattern, e.g. {@code 2026-11-26T10:33:18.123Z INFO [worker-1]
   * dev.ergon.examples.OrderProcessor trace_id=4bf9.. span_id=00f0.. transaction_id=tx-1
   * task=orders - processing order}.
   */
  public static final String DEFAULT_PATTERN =
      "%d{yyyy-MM-dd'T'HH:mm:ss.SSSXXX} %-5level [%thread] %logger{36}%ergonContext - %msg%n";

  /** Checks the fields and copies the collections. */
  public LoggingConfig {
    Objects.requireNonNull(level, "level");
    loggers = Map.copyOf(loggers);
    handlers = List.copyOf(handlers);
    Objects.requireNonNull(pattern, "pattern");
    if (handlers.isEmpty()) {
      throw new ConfigurationException("handlers", "[]", "at least one handler");
    }
    if (pattern.isBlank()) {
      throw new ConfigurationException("pattern", "\"" + pattern + "\"", "a Logback pattern");
    }
    for (String name : loggers.keySet()) {
      if (name.isBlank()) {
        throw new ConfigurationException("loggers", "\"" + name + "\"", "a logger name");
      }
    }
  }

  /**
   * INFO, plain lines on stdout.
   *
   * @return the defaults
   */
  public static LoggingConfig defaults() {
    return builder().build();
  }

  /**
   * A builder: root level INFO, no per-logger levels, the default pattern, and a plain console
   * handler unless handlers are added.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /** Builds a {@link LoggingConfig}. Not thread-safe. */
  public static final class Builder {
    private LogLevel level = LogLevel.INFO;
    private final Map<String, LogLevel> loggers = new LinkedHashMap<>();
    private final List<LogHandler> handlers = new ArrayList<>();
    private String pattern = DEFAULT_PATTERN;

    private Builder() {}

    /**
     * Sets the root level.
     *
     * @param value the level
     * @return this builder
     */
    public Builder level(LogLevel value) {
      this.level = Objects.requireNonNull(value, "level");
      return this;
    }

    /**
     * Sets the level of a named logger (and its descendants).
     *
     * @param name the logger name, e.g. {@code "com.rabbitmq"}
     * @param value its level
     * @return this builder
     */
    public Builder logger(String name, LogLevel value) {
      loggers.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "level"));
      return this;
    }

    /**
     * Adds handlers.
     *
     * @param values the handlers
     * @return this builder
     */
    public Builder handler(LogHandler... values) {
      for (LogHandler h : values) {
        handlers.add(Objects.requireNonNull(h, "handler"));
      }
      return this;
    }

    /**
     * Sets the plain-line pattern.
     *
     * @param value a Logback pattern
     * @return this builder
     */
    public Builder pattern(String value) {
      this.pattern = Objects.requireNonNull(value, "pattern");
      return this;
    }

    /**
     * Builds the configuration.
     *
     * @return the configuration
     * @throws ConfigurationException when a value is invalid
     */
    public LoggingConfig build() {
      List<LogHandler> hs = handlers.isEmpty() ? List.of(LogHandler.console()) : handlers;
      return new LoggingConfig(level, loggers, hs, pattern);
    }
  }
}
