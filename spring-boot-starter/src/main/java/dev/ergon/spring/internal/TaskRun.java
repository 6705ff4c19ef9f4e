package dev.ergon.spring.internal;

import dev.ergon.runtime.EmbeddedRun;
import dev.ergon.runtime.HealthReading;
import dev.ergon.runtime.RunOptions;
import dev.ergon.runtime.TaskHealth;
import dev.ergon.task.TaskConfig;
import io.opentelemetry.api.OpenTelemetry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * One task of a Spring application: its effective configuration before the context starts, then its
 * {@link EmbeddedRun} (the runtime's worker in this process, with supervision). Thread-safe.
 */
public final class TaskRun {
  private final TaskConfig config;
  private final OpenTelemetry openTelemetry;
  private volatile @Nullable EmbeddedRun run;

  /**
   * Prepares a run.
   *
   * @param config the effective task configuration (one worker)
   * @param openTelemetry the application's telemetry
   */
  public TaskRun(TaskConfig config, OpenTelemetry openTelemetry) {
    this.config = config;
    this.openTelemetry = openTelemetry;
  }

  /** Starts the worker and its supervisor; a failure to start is thrown and nothing is left. */
  public synchronized void start() {
    if (run == null) {
      run = EmbeddedRun.start(config, RunOptions.builder().openTelemetry(openTelemetry).build());
    }
  }

  /** Stops fetching and lets in-flight work finish (idempotent, any thread). */
  public void requestStop() {
    EmbeddedRun r = run;
    if (r != null) {
      r.requestStop();
    }
  }

  /**
   * Runs {@code callback} once the worker has ended and closed (at once if it has, or never
   * started).
   *
   * @param callback e.g. Spring's stop callback
   */
  public void whenDone(Runnable callback) {
    EmbeddedRun r = run;
    if (r == null) {
      callback.run();
    } else {
      r.whenTerminated(callback);
    }
  }

  /**
   * Waits for the worker to end.
   *
   * @param timeout how long at most
   * @return true when it has ended (or never started)
   * @throws InterruptedException when interrupted
   */
  public boolean await(Duration timeout) throws InterruptedException {
    EmbeddedRun r = run;
    return r == null || r.awaitTermination(timeout);
  }

  /**
   * Closes a worker that outlived the shutdown (its services and connectors), after logging what is
   * still in flight: those transactions are left to the source's redelivery.
   */
  public void forceClose() {
    EmbeddedRun r = run;
    if (r != null && r.running()) {
      r.stop(Duration.ZERO);
    }
  }

  /**
   * The task's health; before start, not ready and live ({@code starting}).
   *
   * @return liveness and readiness
   */
  public TaskHealth health() {
    EmbeddedRun r = run;
    if (r != null) {
      return r.health();
    }
    return new TaskHealth(
        new HealthReading(true, "starting", null, List.of(), Map.of()),
        new HealthReading(
            false,
            "starting",
            "task '" + config.name() + "' has not started",
            List.of(),
            Map.of()));
  }

  /**
   * The task's effective configuration.
   *
   * @return the configuration
   */
  public TaskConfig config() {
    return config;
  }
}
