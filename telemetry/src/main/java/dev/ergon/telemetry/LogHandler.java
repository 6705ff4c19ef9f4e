package dev.ergon.telemetry;

import dev.ergon.ConfigurationException;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Where log records go: a Logback appender attached to the root logger.
 *
 * <p>File paths may contain the placeholders {@code {task}}, {@code {worker}}, {@code {pid}} and
 * {@code {execution}}, replaced at installation with the worker's identity, so that several worker
 * processes sharing one configuration write separate files (rotating one file from two processes
 * corrupts it). Parent directories are created.
 *
 * <pre>{@code
 * LogHandler.console();                                        // plain lines on stdout
 * LogHandler.jsonConsole();                                    // JSON lines on stdout
 * LogHandler.rotatingFile(Path.of("logs/{task}-{worker}.log"), 10_000_000, 5);
 * LogHandler.otlp(OtlpExporter.grpc("http://collector:4317"));
 * }</pre>
 */
public sealed interface LogHandler
    permits LogHandler.Console,
        LogHandler.File,
        LogHandler.RotatingFile,
        LogHandler.TimedRotatingFile,
        LogHandler.Otlp {

  /** Default size at which a {@link RotatingFile} rolls over: 10 MB, as the original. */
  long DEFAULT_MAX_SIZE_BYTES = 10_000_000L;

  /** Default number of rolled files a {@link RotatingFile} keeps: 5, as the original. */
  int DEFAULT_MAX_FILES = 5;

  /** Default number of periods a {@link TimedRotatingFile} keeps: 7. */
  int DEFAULT_MAX_HISTORY = 7;

  /** The console stream a {@link Console} handler writes to. */
  enum Target {
    /** Standard output. */
    STDOUT,
    /** Standard error. */
    STDERR
  }

  /** When a {@link TimedRotatingFile} starts a new file. */
  enum Rollover {
    /** At midnight (local time). */
    DAILY,
    /** At the start of every hour. */
    HOURLY
  }

  /**
   * Writes to the console.
   *
   * @param format plain or JSON
   * @param target stdout or stderr
   */
  record Console(LogFormat format, Target target) implements LogHandler {
    /** Checks the fields. */
    public Console {
      Objects.requireNonNull(format, "format");
      Objects.requireNonNull(target, "target");
    }
  }

  /**
   * Appends to one file that grows without bound.
   *
   * @param path the file, possibly with placeholders
   * @param format plain or JSON
   */
  record File(Path path, LogFormat format) implements LogHandler {
    /** Checks the fields. */
    public File {
      Objects.requireNonNull(path, "path");
      Objects.requireNonNull(format, "format");
    }
  }

  /**
   * Appends to a file that is rolled over when it reaches {@code maxSizeBytes}, keeping {@code
   * maxFiles} rolled files ({@code app.log.1} the newest). The size is checked at most every 250
   * ms, so a file may overshoot by what is written in that time.
   *
   * @param path the active file, possibly with placeholders
   * @param maxSizeBytes the size that triggers a rollover, at least 1 KiB
   * @param maxFiles rolled files kept, 1 to 20
   * @param format plain or JSON
   */
  record RotatingFile(Path path, long maxSizeBytes, int maxFiles, LogFormat format)
      implements LogHandler {
    /** Checks the fields. */
    public RotatingFile {
      Objects.requireNonNull(path, "path");
      Objects.requireNonNull(format, "format");
      if (maxSizeBytes < 1024) {
        throw new ConfigurationException("max_size_bytes", maxSizeBytes, ">= 1024");
      }
      if (maxFiles < 1 || maxFiles > 20) {
        throw new ConfigurationException("max_files", maxFiles, "between 1 and 20");
      }
    }
  }

  /**
   * Appends to a file that is rolled over daily or hourly ({@code app.log.2026-11-26} or {@code
   * app.log.2026-11-26_10}), keeping {@code maxHistory} periods.
   *
   * @param path the active file, possibly with placeholders
   * @param rollover daily or hourly
   * @param maxHistory rolled files kept, at least 1
   * @param format plain or JSON
   */
  record TimedRotatingFile(Path path, Rollover rollover, int maxHistory, LogFormat format)
      implements LogHandler {
    /** Checks the fields. */
    public TimedRotatingFile {
      Objects.requireNonNull(path, "path");
      Objects.requireNonNull(rollover, "rollover");
      Objects.requireNonNull(format, "format");
      if (maxHistory < 1) {
        throw new ConfigurationException("max_history", maxHistory, ">= 1");
      }
    }
  }

  /**
   * Exports records as OpenTelemetry log records (through the worker's logger provider, in
   * batches), with the trace context and the {@code transaction_id} and {@code task} attributes.
   *
   * @param exporter where to
   */
  record Otlp(OtlpExporter exporter) implements LogHandler {
    /** Checks the fields. */
    public Otlp {
      Objects.requireNonNull(exporter, "exporter");
    }
  }

  /**
   * Plain lines on stdout.
   *
   * @return the handler
   */
  static LogHandler console() {
    return new Console(LogFormat.PLAIN, Target.STDOUT);
  }

  /**
   * JSON lines on stdout.
   *
   * @return the handler
   */
  static LogHandler jsonConsole() {
    return new Console(LogFormat.JSON, Target.STDOUT);
  }

  /**
   * Plain lines appended to {@code path}.
   *
   * @param path the file, possibly with placeholders
   * @return the handler
   */
  static LogHandler file(Path path) {
    return new File(path, LogFormat.PLAIN);
  }

  /**
   * JSON lines appended to {@code path}.
   *
   * @param path the file, possibly with placeholders
   * @return the handler
   */
  static LogHandler jsonFile(Path path) {
    return new File(path, LogFormat.JSON);
  }

  /**
   * Plain lines in a file rolled over by size.
   *
   * @param path the active file, possibly with placeholders
   * @param maxSizeBytes the size that triggers a rollover
   * @param maxFiles rolled files kept
   * @return the handler
   */
  static LogHandler rotatingFile(Path path, long maxSizeBytes, int maxFiles) {
    return new RotatingFile(path, maxSizeBytes, maxFiles, LogFormat.PLAIN);
  }

  /**
   * Plain lines in a file rolled over daily or hourly.
   *
   * @param path the active file, possibly with placeholders
   * @param rollover daily or hourly
   * @param maxHistory rolled files kept
   * @return the handler
   */
  static LogHandler timedRotatingFile(Path path, Rollover rollover, int maxHistory) {
    return new TimedRotatingFile(path, rollover, maxHistory, LogFormat.PLAIN);
  }

  /**
   * OpenTelemetry log records exported over OTLP.
   *
   * @param exporter the collector
   * @return the handler
   */
  static LogHandler otlp(OtlpExporter exporter) {
    return new Otlp(exporter);
  }
}
