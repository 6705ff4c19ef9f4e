package dev.ergon.cli;

import dev.ergon.engine.Worker;
import dev.ergon.engine.WorkerResult;
import dev.ergon.runtime.RunOptions;
import dev.ergon.runtime.Runner;
import dev.ergon.runtime.WorkerObserver;
import dev.ergon.task.TaskConfig;
import dev.ergon.telemetry.TelemetryConfig;

/**
 * The default {@link TaskLauncher}: runs the task with the runtime's {@link Runner} — worker
 * processes for {@code max_workers > 1}, graceful shutdown on SIGINT/SIGTERM, liveness supervision
 * as the task's configuration says (its {@code supervision} section applied over the code's), the
 * health endpoint on {@code ERGON_HEALTH_PORT}, telemetry from the standard {@code OTEL_*}
 * variables when any is set — and feeds the CLI's progress and summary from the worker in this
 * process.
 */
public final class RuntimeLauncher implements TaskLauncher {

  /** Creates the launcher. */
  public RuntimeLauncher() {}

  /** The environment variable that turns the health endpoint on, with its port. */
  static final String HEALTH_PORT_VARIABLE = "ERGON_HEALTH_PORT";

  @Override
  public int run(TaskConfig config, CliSettings settings) {
    RunObserver observer = settings.observer();
    RunOptions.Builder builder = RunOptions.builder();
    healthPort(System.getenv()).ifPresent(builder::healthPort);
    java.util.Optional<TelemetryConfig> configured = settings.task().telemetry();
    if (configured.isPresent()) {
      builder.telemetry(configured.get());
    } else if (usesOtelEnvironment(System.getenv())) {
      builder.telemetry(TelemetryConfig.fromEnvironment());
    }
    RunOptions options =
        builder
            .outcomeListener(observer)
            .workerObserver(
                new WorkerObserver() {
                  @Override
                  public void started(Worker worker) {
                    observer.started(worker.engine());
                  }

                  @Override
                  public void finished(WorkerResult result) {
                    observer.finished(result);
                  }
                })
            .build();
    return Runner.run(config, options);
  }

  /**
   * The health endpoint's port from {@value #HEALTH_PORT_VARIABLE}, if set.
   *
   * @throws dev.ergon.ConfigurationException when it is not a port number
   */
  static java.util.OptionalInt healthPort(java.util.Map<String, String> env) {
    String value = env.get(HEALTH_PORT_VARIABLE);
    if (value == null || value.isBlank()) {
      return java.util.OptionalInt.empty();
    }
    try {
      int port = Integer.parseInt(value.trim());
      if (port >= 0 && port <= 65535) {
        return java.util.OptionalInt.of(port);
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new dev.ergon.ConfigurationException(
        "environment variable " + HEALTH_PORT_VARIABLE, value, "a port between 0 and 65535");
  }

  /**
   * Whether the standard OpenTelemetry environment variables ({@code OTEL_*}) configure telemetry:
   * then each worker installs the SDK from them ({@code TelemetryConfig.fromEnvironment()}).
   */
  static boolean usesOtelEnvironment(java.util.Map<String, String> env) {
    return env.keySet().stream().anyMatch(k -> k.startsWith("OTEL_"));
  }
}
