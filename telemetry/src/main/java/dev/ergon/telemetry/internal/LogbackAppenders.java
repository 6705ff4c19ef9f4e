package dev.ergon.telemetry.internal;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.PatternLayout;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.FileAppender;
import ch.qos.logback.core.encoder.Encoder;
import ch.qos.logback.core.encoder.LayoutWrappingEncoder;
import ch.qos.logback.core.rolling.FixedWindowRollingPolicy;
import ch.qos.logback.core.rolling.RollingFileAppender;
import ch.qos.logback.core.rolling.SizeBasedTriggeringPolicy;
import ch.qos.logback.core.rolling.TimeBasedRollingPolicy;
import ch.qos.logback.core.util.FileSize;
import dev.ergon.telemetry.LogFormat;
import dev.ergon.telemetry.LogHandler;
import dev.ergon.telemetry.WorkerIdentity;
import dev.ergon.telemetry.logback.ErgonContextConverter;
import dev.ergon.telemetry.logback.JsonLineEncoder;
import dev.ergon.telemetry.logback.LogContext;
import dev.ergon.telemetry.logback.SpanIdConverter;
import dev.ergon.telemetry.logback.TraceIdConverter;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.instrumentation.logback.appender.v1_0.OpenTelemetryAppender;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/** Builds one started-to-be Logback appender per {@link LogHandler}. */
final class LogbackAppenders {
  private final LoggerContext context;
  private final String pattern;
  private final WorkerIdentity identity;

  LogbackAppenders(LoggerContext context, String pattern, WorkerIdentity identity) {
    this.context = context;
    this.pattern = pattern;
    this.identity = identity;
  }

  /**
   * A configured, not yet started appender.
   *
   * @param handler the handler
   * @param name the appender's name
   * @param logs the OpenTelemetry instance that receives OTLP log records
   */
  Appender<ILoggingEvent> create(LogHandler handler, String name, @Nullable OpenTelemetry logs) {
    Appender<ILoggingEvent> a =
        switch (handler) {
          case LogHandler.Console c -> console(c);
          case LogHandler.File f -> file(new FileAppender<>(), expand(f.path()), f.format());
          case LogHandler.RotatingFile r -> rotating(r);
          case LogHandler.TimedRotatingFile t -> timed(t);
          case LogHandler.Otlp o -> otlp(Objects.requireNonNull(logs, "logs"));
        };
    a.setName(name);
    a.setContext(context);
    return a;
  }

  /** An OpenTelemetry appender sending records, with the trace context, to {@code logs}. */
  static OpenTelemetryAppender otlp(OpenTelemetry logs) {
    OpenTelemetryAppender a = new OpenTelemetryAppender();
    a.setOpenTelemetry(logs);
    a.setMdcAttributesIncluded(LogContext.TRANSACTION_ID + "," + LogContext.TASK);
    a.setCaptureExperimentalAttributes(true); // thread name and id
    return a;
  }

  private Appender<ILoggingEvent> console(LogHandler.Console c) {
    ConsoleAppender<ILoggingEvent> a = new ConsoleAppender<>();
    a.setContext(context);
    a.setTarget(c.target() == LogHandler.Target.STDOUT ? "System.out" : "System.err");
    a.setEncoder(encoder(c.format()));
    return a;
  }

  private <A extends FileAppender<ILoggingEvent>> A file(A a, String path, LogFormat format) {
    a.setContext(context);
    a.setFile(path);
    a.setAppend(true);
    a.setEncoder(encoder(format));
    return a;
  }

  private Appender<ILoggingEvent> rotating(LogHandler.RotatingFile r) {
    String path = expand(r.path());
    RollingFileAppender<ILoggingEvent> a = file(new RollingFileAppender<>(), path, r.format());
    FixedWindowRollingPolicy rolling = new FixedWindowRollingPolicy();
    rolling.setContext(context);
    rolling.setParent(a);
    rolling.setFileNamePattern(path + ".%i");
    rolling.setMinIndex(1);
    rolling.setMaxIndex(r.maxFiles());
    SizeBasedTriggeringPolicy<ILoggingEvent> trigger = new SizeBasedTriggeringPolicy<>();
    trigger.setContext(context);
    trigger.setMaxFileSize(new FileSize(r.maxSizeBytes()));
    // Logback checks the size at most once a minute by default; a file stat 4 times a second is
    // cheap and keeps files near their limit.
    trigger.setCheckIncrement(ch.qos.logback.core.util.Duration.buildByMilliseconds(250));
    a.setRollingPolicy(rolling);
    a.setTriggeringPolicy(trigger);
    rolling.start();
    trigger.start();
    return a;
  }

  private Appender<ILoggingEvent> timed(LogHandler.TimedRotatingFile t) {
    String path = expand(t.path());
    RollingFileAppender<ILoggingEvent> a = file(new RollingFileAppender<>(), path, t.format());
    TimeBasedRollingPolicy<ILoggingEvent> rolling = new TimeBasedRollingPolicy<>();
    rolling.setContext(context);
    rolling.setParent(a);
    String period = t.rollover() == LogHandler.Rollover.DAILY ? "yyyy-MM-dd" : "yyyy-MM-dd_HH";
    rolling.setFileNamePattern(path + ".%d{" + period + "}");
    rolling.setMaxHistory(t.maxHistory());
    a.setRollingPolicy(rolling);
    rolling.start();
    return a;
  }

  private Encoder<ILoggingEvent> encoder(LogFormat format) {
    Encoder<ILoggingEvent> e =
        switch (format) {
          case JSON -> new JsonLineEncoder();
          case PLAIN -> {
            PatternLayout layout = new PatternLayout();
            layout.getInstanceConverterMap().put("traceId", TraceIdConverter::new);
            layout.getInstanceConverterMap().put("spanId", SpanIdConverter::new);
            layout.getInstanceConverterMap().put("ergonContext", ErgonContextConverter::new);
            layout.setContext(context);
            layout.setPattern(pattern);
            layout.start();
            LayoutWrappingEncoder<ILoggingEvent> w = new LayoutWrappingEncoder<>();
            w.setLayout(layout);
            w.setCharset(StandardCharsets.UTF_8);
            yield w;
          }
        };
    e.setContext(context);
    e.start();
    return e;
  }

  /** Replaces {task}, {worker}, {pid} and {execution} in a file path. */
  String expand(Path path) {
    return path.toString()
        .replace("{task}", identity.taskName())
        .replace("{worker}", Integer.toString(identity.workerIndex()))
        .replace("{pid}", Long.toString(ProcessHandle.current().pid()))
        .replace("{execution}", identity.executionId());
  }
}
