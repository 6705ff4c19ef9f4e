package dev.ergon.telemetry.internal;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.status.Status;
import dev.ergon.ConfigurationException;
import dev.ergon.telemetry.LogHandler;
import dev.ergon.telemetry.LogLevel;
import dev.ergon.telemetry.LoggingConfig;
import dev.ergon.telemetry.WorkerIdentity;
import io.opentelemetry.api.OpenTelemetry;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.slf4j.ILoggerFactory;
import org.slf4j.LoggerFactory;

/**
 * One change to the process's Logback configuration, undone by {@link #restore()}.
 *
 * <p>Logback is configured per process, so this is the one place of process-wide state: a {@link
 * LoggingConfig} replaces the root logger's appenders and sets levels, remembering what was there;
 * an OpenTelemetry-only installation adds one appender beside the existing ones. Installations
 * stack: restoring the newest puts back what the one before had set; restoring an older one first
 * hands what it remembered to the one installed after it, so that closing in any order ends with
 * the original configuration. Thread-safe (one lock for all installations).
 */
public final class LogbackInstallation {
  private static final Object LOCK = new Object();
  private static final AtomicLong SEQUENCE = new AtomicLong();
  private static final List<LogbackInstallation> STACK = new ArrayList<>();

  private final LoggerContext context;
  private final List<Appender<ILoggingEvent>> added;
  private final @Nullable Appender<ILoggingEvent> openTelemetryAppender;
  private final boolean replacesRoot;
  private List<Appender<ILoggingEvent>> previousAppenders;
  private @Nullable Level previousRootLevel;
  private final Map<String, @Nullable Level> previousLevels;
  private boolean restored;

  private LogbackInstallation(
      LoggerContext context,
      List<Appender<ILoggingEvent>> added,
      @Nullable Appender<ILoggingEvent> openTelemetryAppender,
      boolean replacesRoot) {
    this.context = context;
    this.added = added;
    this.openTelemetryAppender = openTelemetryAppender;
    this.replacesRoot = replacesRoot;
    this.previousAppenders = List.of();
    this.previousLevels = new HashMap<>();
  }

  /**
   * Replaces the root logger's appenders with the configured handlers and sets the levels.
   *
   * @param config the logging configuration
   * @param identity the worker (for file name placeholders)
   * @param logs the OpenTelemetry instance whose logger provider receives every record (it holds
   *     the exporters of the OTLP handlers, or those of {@code OTEL_LOGS_EXPORTER}), or null
   * @return the installation
   * @throws ConfigurationException when Logback is not the SLF4J provider or a handler fails to
   *     start
   */
  public static LogbackInstallation configure(
      LoggingConfig config, WorkerIdentity identity, @Nullable OpenTelemetry logs) {
    LoggerContext ctx = loggerContext();
    LogbackAppenders factory = new LogbackAppenders(ctx, config.pattern(), identity);
    long seq = SEQUENCE.incrementAndGet();
    List<Appender<ILoggingEvent>> appenders = new ArrayList<>();
    Appender<ILoggingEvent> otel = null;
    List<LogHandler> handlers = config.handlers();
    try {
      for (int i = 0; i < handlers.size(); i++) {
        LogHandler h = handlers.get(i);
        if (h instanceof LogHandler.Otlp) {
          continue; // one appender below feeds the logger provider, which has every OTLP exporter
        }
        Appender<ILoggingEvent> a = factory.create(h, "ergon-" + seq + "-" + i, null);
        start(ctx, a, "handlers[" + i + "]", h);
        appenders.add(a);
      }
      if (logs != null) {
        otel = LogbackAppenders.otlp(logs);
        otel.setName("ergon-" + seq + "-otlp");
        otel.setContext(ctx);
        start(ctx, otel, "handlers", "the OpenTelemetry appender");
        appenders.add(otel);
      }
    } catch (RuntimeException e) {
      appenders.forEach(Appender::stop);
      throw e;
    }
    LogbackInstallation inst = new LogbackInstallation(ctx, appenders, otel, true);
    synchronized (LOCK) {
      inst.apply(config);
      STACK.add(inst);
    }
    return inst;
  }

  /**
   * Adds an appender that sends records to {@code logs}, beside the root logger's appenders (a
   * user's {@code logback.xml} stays in force).
   *
   * @param logs the OpenTelemetry instance with a logger provider
   * @return the installation
   * @throws ConfigurationException when Logback is not the SLF4J provider
   */
  public static LogbackInstallation addOpenTelemetry(OpenTelemetry logs) {
    LoggerContext ctx = loggerContext();
    Appender<ILoggingEvent> a = LogbackAppenders.otlp(logs);
    a.setName("ergon-otlp-" + SEQUENCE.incrementAndGet());
    a.setContext(ctx);
    start(ctx, a, "otlp", "the OpenTelemetry appender");
    LogbackInstallation inst = new LogbackInstallation(ctx, List.of(a), a, false);
    synchronized (LOCK) {
      ctx.getLogger(Logger.ROOT_LOGGER_NAME).addAppender(a);
      STACK.add(inst);
    }
    return inst;
  }

  private void apply(LoggingConfig config) {
    Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
    List<Appender<ILoggingEvent>> before = new ArrayList<>();
    for (Iterator<Appender<ILoggingEvent>> it = root.iteratorForAppenders(); it.hasNext(); ) {
      before.add(it.next());
    }
    previousAppenders = before;
    before.forEach(root::detachAppender);
    added.forEach(root::addAppender);
    previousRootLevel = root.getLevel();
    root.setLevel(level(config.level()));
    config
        .loggers()
        .forEach(
            (name, level) -> {
              Logger l = context.getLogger(name);
              previousLevels.put(name, l.getLevel());
              l.setLevel(level(level));
            });
  }

  /**
   * Stops sending records to OpenTelemetry (before its logger provider is flushed and shut down).
   * The other appenders stay until {@link #restore()}.
   */
  public void detachOpenTelemetry() {
    synchronized (LOCK) {
      if (openTelemetryAppender != null && !restored) {
        context.getLogger(Logger.ROOT_LOGGER_NAME).detachAppender(openTelemetryAppender);
        openTelemetryAppender.stop();
      }
    }
  }

  /** Removes and stops this installation's appenders and restores what it replaced. Idempotent. */
  public void restore() {
    synchronized (LOCK) {
      if (restored) {
        return;
      }
      restored = true;
      Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
      added.forEach(root::detachAppender);
      added.forEach(Appender::stop);
      int index = STACK.indexOf(this);
      STACK.remove(index);
      if (!replacesRoot) {
        return;
      }
      LogbackInstallation later = laterReplacing(index);
      if (later != null) {
        later.inherit(this); // it restores our predecessor's state when it closes
        return;
      }
      previousAppenders.stream().filter(Appender::isStarted).forEach(root::addAppender);
      root.setLevel(previousRootLevel);
      previousLevels.forEach((name, level) -> context.getLogger(name).setLevel(level));
    }
  }

  private static @Nullable LogbackInstallation laterReplacing(int from) {
    for (int i = from; i < STACK.size(); i++) {
      if (STACK.get(i).replacesRoot) {
        return STACK.get(i);
      }
    }
    return null;
  }

  private void inherit(LogbackInstallation older) {
    List<Appender<ILoggingEvent>> merged = new ArrayList<>(older.previousAppenders);
    previousAppenders.stream().filter(a -> !merged.contains(a)).forEach(merged::add);
    previousAppenders = merged;
    previousRootLevel = older.previousRootLevel;
    previousLevels.putAll(older.previousLevels);
  }

  private static void start(LoggerContext ctx, Appender<ILoggingEvent> a, String path, Object h) {
    long since = System.currentTimeMillis();
    a.start();
    if (!a.isStarted()) {
      String errors =
          ctx.getStatusManager().getCopyOfStatusList().stream()
              .filter(s -> s.getLevel() == Status.ERROR && s.getTimestamp() >= since)
              .map(Status::getMessage)
              .collect(Collectors.joining("; "));
      throw new ConfigurationException(path, h, "a handler that starts (" + errors + ")");
    }
  }

  private static LoggerContext loggerContext() {
    ILoggerFactory factory = LoggerFactory.getILoggerFactory();
    if (factory instanceof LoggerContext ctx) {
      return ctx;
    }
    throw new ConfigurationException(
        "logging",
        factory.getClass().getName(),
        "Logback's LoggerContext (put logback-classic, and no other SLF4J provider, on the"
            + " class path, or leave logging unset)");
  }

  private static Level level(LogLevel level) {
    return switch (level) {
      case TRACE -> Level.TRACE;
      case DEBUG -> Level.DEBUG;
      case INFO -> Level.INFO;
      case WARN -> Level.WARN;
      case ERROR -> Level.ERROR;
      case OFF -> Level.OFF;
    };
  }
}
