package dev.ergon.runtime;

import dev.ergon.ConfigurationException;
import dev.ergon.engine.OutcomeListener;
import dev.ergon.policy.SupervisionPolicy;
import dev.ergon.task.TaskConfig;
import dev.ergon.telemetry.TelemetryConfig;
import dev.ergon.time.TimeSource;
import io.opentelemetry.api.OpenTelemetry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * How {@link Runner} runs a task: supervision, the shutdown grace, the health endpoint, the worker
 * identity, shutdown hooks and the collaborators handed to each worker.
 *
 * <pre>{@code
 * RunOptions options = RunOptions.builder()
 *     .supervision(SupervisionPolicy.builder().checkInterval(Duration.ofSeconds(5)).build())
 *     .healthPort(8080)
 *     .shutdownHook(openTelemetrySdk) // flushed and closed last
 *     .build();
 * System.exit(Runner.run(config, options));
 * }</pre>
 *
 * @param supervision liveness supervision, or null (the default) for the task's own ({@link
 *     TaskConfig#supervision()})
 * @param shutdownGrace how long a shutdown (drain, {@code exit()}, close, hooks) may take after a
 *     signal or a supervision request before the process ends with exit code 1, or null (the
 *     default) for the effective supervision's {@code shutdown_grace}
 * @param healthPort the health endpoint's port, 0 for an ephemeral one, null for no endpoint
 * @param workerIndex this worker's index when set (with {@code workerCount}); overrides the {@code
 *     ERGON_WORKER_INDEX} environment variable and makes this process a single worker
 * @param workerCount the number of workers when set (with {@code workerIndex})
 * @param shutdownHooks closed after the worker's connectors and services, in reverse order (e.g. a
 *     telemetry SDK to flush)
 * @param timeSource time for the worker's delays
 * @param openTelemetry the worker's telemetry
 * @param outcomeListener receives every outcome of the worker
 * @param workerObserver told when the worker in this process has started and finished
 * @param metricsText renders the worker's metrics in the Prometheus text format for the health
 *     endpoint's {@code /metrics}, or null for none
 * @param telemetry telemetry each worker installs for itself (SDK, exporters, Logback), flushed and
 *     shut down on every exit path; null to use {@link #openTelemetry()} as given
 */
public record RunOptions(
    @Nullable SupervisionPolicy supervision,
    @Nullable Duration shutdownGrace,
    @Nullable Integer healthPort,
    @Nullable Integer workerIndex,
    @Nullable Integer workerCount,
    List<AutoCloseable> shutdownHooks,
    TimeSource timeSource,
    OpenTelemetry openTelemetry,
    OutcomeListener outcomeListener,
    WorkerObserver workerObserver,
    @Nullable Supplier<String> metricsText,
    @Nullable TelemetryConfig telemetry) {

  /** Validates and copies. */
  public RunOptions {
    if (shutdownGrace != null && shutdownGrace.isNegative()) {
      throw new ConfigurationException("shutdown_grace", shutdownGrace, ">= 0");
    }
    if (healthPort != null && (healthPort < 0 || healthPort > 65535)) {
      throw new ConfigurationException("health.port", healthPort, "between 0 and 65535");
    }
    if ((workerIndex == null) != (workerCount == null)) {
      throw new ConfigurationException(
          "worker_index and worker_count must be set together, but were "
              + workerIndex
              + " and "
              + workerCount);
    }
    if (workerCount != null && workerCount < 1) {
      throw new ConfigurationException("worker_count", workerCount, ">= 1");
    }
    if (workerIndex != null
        && workerCount != null
        && (workerIndex < 0 || workerIndex >= workerCount)) {
      throw new ConfigurationException(
          "worker_index", workerIndex, "between 0 and " + (workerCount - 1));
    }
    shutdownHooks = List.copyOf(shutdownHooks);
    Objects.requireNonNull(timeSource, "timeSource");
    Objects.requireNonNull(openTelemetry, "openTelemetry");
    Objects.requireNonNull(outcomeListener, "outcomeListener");
    Objects.requireNonNull(workerObserver, "workerObserver");
  }

  /**
   * The defaults: default supervision and grace, no health endpoint, worker identity from the
   * environment, no hooks, system time, no-op telemetry, no listener.
   *
   * @return the default options
   */
  public static RunOptions defaults() {
    return builder().build();
  }

  /**
   * A builder holding the defaults.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The supervision in force: these options' when set, else the default policy. {@link
   * Runner#run(TaskConfig, RunOptions)} first fills it from the task ({@link #resolvedFor}).
   *
   * @return the supervision policy
   */
  public SupervisionPolicy effectiveSupervision() {
    return supervision != null ? supervision : SupervisionPolicy.defaults();
  }

  /**
   * The shutdown grace in force: these options' when set, else the effective supervision's.
   *
   * @return the grace
   */
  public Duration effectiveShutdownGrace() {
    return shutdownGrace != null ? shutdownGrace : effectiveSupervision().shutdownGrace();
  }

  /**
   * These options with the task's supervision where none was set here.
   *
   * @param config the task
   * @return the resolved options
   */
  public RunOptions resolvedFor(TaskConfig config) {
    if (supervision != null) {
      return this;
    }
    return new RunOptions(
        config.supervision(),
        shutdownGrace,
        healthPort,
        workerIndex,
        workerCount,
        shutdownHooks,
        timeSource,
        openTelemetry,
        outcomeListener,
        workerObserver,
        metricsText,
        telemetry);
  }

  /**
   * A copy whose health endpoint serves {@code text} on {@code /metrics}.
   *
   * @param text renders the metrics
   * @return the copy
   */
  public RunOptions withMetricsText(Supplier<String> text) {
    return new RunOptions(
        supervision,
        shutdownGrace,
        healthPort,
        workerIndex,
        workerCount,
        shutdownHooks,
        timeSource,
        openTelemetry,
        outcomeListener,
        workerObserver,
        text,
        telemetry);
  }

  /**
   * The health endpoint's port, when the endpoint is on.
   *
   * @return the port (0 = ephemeral), or empty when off
   */
  public OptionalInt healthPortSetting() {
    return healthPort == null ? OptionalInt.empty() : OptionalInt.of(healthPort);
  }

  /** Builds {@link RunOptions}. Not thread-safe. */
  public static final class Builder {
    private @Nullable SupervisionPolicy supervision;
    private @Nullable Duration shutdownGrace;
    private @Nullable Integer healthPort;
    private @Nullable Integer workerIndex;
    private @Nullable Integer workerCount;
    private final List<AutoCloseable> shutdownHooks = new ArrayList<>();
    private TimeSource timeSource = TimeSource.system();
    private OpenTelemetry openTelemetry = OpenTelemetry.noop();
    private OutcomeListener outcomeListener = OutcomeListener.NONE;
    private WorkerObserver workerObserver = WorkerObserver.NONE;
    private @Nullable Supplier<String> metricsText;
    private @Nullable TelemetryConfig telemetry;

    private Builder() {}

    /**
     * Liveness supervision, overriding the task's own ({@link TaskConfig#supervision()}, which is
     * the default).
     *
     * @param value the policy
     * @return this builder
     */
    public Builder supervision(SupervisionPolicy value) {
      this.supervision = Objects.requireNonNull(value, "supervision");
      return this;
    }

    /**
     * How long a shutdown may take (default: the effective supervision's {@code shutdown_grace}).
     *
     * @param value zero or more
     * @return this builder
     */
    public Builder shutdownGrace(Duration value) {
      if (value == null || value.isNegative()) {
        throw new ConfigurationException("shutdown_grace", value, ">= 0");
      }
      this.shutdownGrace = value;
      return this;
    }

    /**
     * Serves {@code /health/live} and {@code /health/ready} on this port (default: no endpoint).
     *
     * @param port the port; 0 for an ephemeral one
     * @return this builder
     */
    public Builder healthPort(int port) {
      if (port < 0 || port > 65535) {
        throw new ConfigurationException("health.port", port, "between 0 and 65535");
      }
      this.healthPort = port;
      return this;
    }

    /**
     * Runs this process as worker {@code index} of {@code count} (default: from the {@code
     * ERGON_WORKER_INDEX} and {@code ERGON_WORKER_COUNT} environment variables, else the task's
     * {@code max_workers}).
     *
     * @param index the worker index, from 0
     * @param count the number of workers
     * @return this builder
     */
    public Builder worker(int index, int count) {
      if (count < 1) {
        throw new ConfigurationException("worker_count", count, ">= 1");
      }
      if (index < 0 || index >= count) {
        throw new ConfigurationException("worker_index", index, "between 0 and " + (count - 1));
      }
      this.workerIndex = index;
      this.workerCount = count;
      return this;
    }

    /**
     * Adds a hook closed at the end of the run, after connectors and services; hooks close in
     * reverse order of adding, and each failure is logged.
     *
     * @param hook e.g. a telemetry SDK to flush
     * @return this builder
     */
    public Builder shutdownHook(AutoCloseable hook) {
      shutdownHooks.add(Objects.requireNonNull(hook, "shutdownHook"));
      return this;
    }

    /**
     * Time for the worker's delays (default: the system clock).
     *
     * @param value the time source
     * @return this builder
     */
    public Builder timeSource(TimeSource value) {
      this.timeSource = Objects.requireNonNull(value, "timeSource");
      return this;
    }

    /**
     * The worker's telemetry (default: no-op).
     *
     * @param value the OpenTelemetry API entry point
     * @return this builder
     */
    public Builder openTelemetry(OpenTelemetry value) {
      this.openTelemetry = Objects.requireNonNull(value, "openTelemetry");
      return this;
    }

    /**
     * Receives every outcome (default: none).
     *
     * @param value the listener
     * @return this builder
     */
    public Builder outcomeListener(OutcomeListener value) {
      this.outcomeListener = Objects.requireNonNull(value, "outcomeListener");
      return this;
    }

    /**
     * Told when the worker in this process has started and finished (default: nothing).
     *
     * @param value the observer
     * @return this builder
     */
    public Builder workerObserver(WorkerObserver value) {
      this.workerObserver = Objects.requireNonNull(value, "workerObserver");
      return this;
    }

    /**
     * Serves {@code GET /metrics} on the health endpoint with this Prometheus text (e.g. {@code
     * InstalledTelemetry.prometheusText()} of ergon-telemetry); default: no /metrics.
     *
     * @param value renders the metrics on each scrape
     * @return this builder
     */
    public Builder metricsText(Supplier<String> value) {
      this.metricsText = Objects.requireNonNull(value, "metricsText");
      return this;
    }

    /**
     * Telemetry each worker installs for itself once it knows its index: the OpenTelemetry SDK
     * (with a resource naming the task, execution id and worker index) and Logback, as {@code
     * ErgonTelemetry.install} does; the engine records through it, the health endpoint serves its
     * Prometheus text when configured, and it is flushed and shut down on every exit path, hard
     * exits included. Default: none (see {@link #openTelemetry(OpenTelemetry)}).
     *
     * @param value the telemetry configuration, e.g. {@code TelemetryConfig.fromEnvironment()}
     * @return this builder
     */
    public Builder telemetry(TelemetryConfig value) {
      this.telemetry = Objects.requireNonNull(value, "telemetry");
      return this;
    }

    /**
     * Builds the options.
     *
     * @return the options
     */
    public RunOptions build() {
      return new RunOptions(
          supervision,
          shutdownGrace,
          healthPort,
          workerIndex,
          workerCount,
          shutdownHooks,
          timeSource,
          openTelemetry,
          outcomeListener,
          workerObserver,
          metricsText,
          telemetry);
    }
  }
}
