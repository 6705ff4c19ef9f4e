package dev.ergon.runtime.internal;

import dev.ergon.ConfigurationException;
import dev.ergon.engine.Worker;
import dev.ergon.engine.WorkerOptions;
import dev.ergon.engine.WorkerResult;
import dev.ergon.runtime.ExitCodes;
import dev.ergon.runtime.RunOptions;
import dev.ergon.runtime.internal.ShutdownCoordinator.Cause;
import dev.ergon.task.TaskConfig;
import dev.ergon.telemetry.ErgonTelemetry;
import dev.ergon.telemetry.InstalledTelemetry;
import dev.ergon.telemetry.TelemetryConfig;
import dev.ergon.time.StopSignal;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntConsumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one worker of a task in this process: signal handlers, start-up, supervision, the health
 * endpoint, {@code execute()} (and {@code exit()}), closing in reverse order, shutdown hooks, and
 * the exit code.
 */
public final class WorkerRun {
  private static final Logger LOG = LoggerFactory.getLogger(WorkerRun.class);

  private final TaskConfig config;
  private final RunOptions options;
  private final WorkerIdentity identity;
  private final IntConsumer halt;
  private final AtomicReference<@Nullable Worker> worker = new AtomicReference<>();
  private final AtomicReference<@Nullable InstalledTelemetry> telemetry = new AtomicReference<>();
  private final java.util.concurrent.atomic.AtomicBoolean hooksRun =
      new java.util.concurrent.atomic.AtomicBoolean();

  /** How long the shutdown hooks (e.g. a telemetry flush) may take before a hard exit. */
  static final java.time.Duration HOOKS_BEFORE_HALT = java.time.Duration.ofSeconds(5);

  /**
   * Prepares a run.
   *
   * @param config the task
   * @param options the run options
   * @param identity this worker's index and count
   * @param halt ends the process at once ({@link ShutdownCoordinator#haltProcess} outside tests)
   */
  public WorkerRun(
      TaskConfig config, RunOptions options, WorkerIdentity identity, IntConsumer halt) {
    this.config = config;
    this.options = options;
    this.identity = identity;
    this.halt = halt;
  }

  /**
   * Runs the worker to its end.
   *
   * @return 0 ok; 1 task, fetch or supervision failure; 2 configuration error; 130 / 143 after
   *     SIGINT / SIGTERM
   */
  public int run() {
    StopSignal stop = new StopSignal();
    ShutdownCoordinator coordinator =
        new ShutdownCoordinator(
            options.effectiveShutdownGrace(),
            stop::stop,
            this::haltAfterHooks,
            () -> InFlight.describe(worker.get()));
    try (Signals signals = Signals.install(s -> onSignal(coordinator, s), "INT", "TERM")) {
      if (identity.spawned()) {
        ControlChannel.start(System.in, coordinator);
      }
      int code = runWorker(stop, coordinator);
      LOG.info(
          "task '{}' worker {}/{} ended with exit code {}",
          config.name(),
          identity.index(),
          identity.count(),
          code);
      return code;
    } finally {
      coordinator.finished();
    }
  }

  private static void onSignal(ShutdownCoordinator coordinator, String name) {
    Cause cause = "INT".equals(name) ? Cause.SIGINT : Cause.SIGTERM;
    coordinator.request(cause, "os", "SIG" + name + " received");
  }

  private int runWorker(StopSignal stop, ShutdownCoordinator coordinator) {
    ConnectorTap tap = new ConnectorTap();
    WorkerOptions workerOptions =
        WorkerOptions.defaults()
            .withWorker(identity.index(), identity.count())
            .withTimeSource(options.timeSource())
            .withStopSignal(stop)
            .withOutcomeListener(options.outcomeListener())
            .withOpenTelemetry(options.openTelemetry());
    RunOptions effective = options;
    TelemetryConfig telemetryConfig = options.telemetry();
    if (telemetryConfig != null) {
      InstalledTelemetry t;
      try {
        t =
            ErgonTelemetry.install(
                telemetryConfig,
                new dev.ergon.telemetry.WorkerIdentity(
                    config.name(), workerOptions.executionId(), identity.index()));
      } catch (ConfigurationException e) {
        LOG.error("task '{}': telemetry could not start: {}", config.name(), e.getMessage());
        return finish(coordinator, ExitCodes.CONFIGURATION);
      }
      telemetry.set(t);
      workerOptions = workerOptions.withOpenTelemetry(t.openTelemetry());
      if (options.metricsText() == null && t.prometheusText().isPresent()) {
        effective = options.withMetricsText(t.prometheusText().get());
      }
    }
    Worker w;
    try {
      w = Worker.start(tap.wrap(config), workerOptions);
    } catch (ConfigurationException e) {
      LOG.error("task '{}' could not start: {}", config.name(), e.getMessage());
      return finish(coordinator, ExitCodes.CONFIGURATION);
    } catch (RuntimeException e) {
      LOG.error("task '{}' could not start", config.name(), e);
      return finish(coordinator, ExitCodes.FAILURE);
    }
    worker.set(w);
    WorkerResult result = null;
    WorkerMonitor monitor = null;
    try {
      monitor = WorkerMonitor.start(w, tap, effective, identity, coordinator);
      observe(o -> o.started(w));
      result = w.execute();
      WorkerResult ended = result;
      observe(o -> o.finished(ended));
    } catch (RuntimeException e) {
      LOG.error("task '{}': the worker failed", config.name(), e);
    } finally {
      if (monitor != null) {
        monitor.executeEnded();
      }
      coordinator.armCleanupDeadline();
      w.close();
      if (monitor != null) {
        monitor.close();
      }
    }
    return finish(coordinator, result == null ? ExitCodes.FAILURE : result.exitCode());
  }

  private void observe(java.util.function.Consumer<dev.ergon.runtime.WorkerObserver> call) {
    try {
      call.accept(options.workerObserver());
    } catch (RuntimeException e) {
      LOG.warn("worker observer failed", e);
    }
  }

  /** Runs the shutdown hooks (reverse order) and picks the code: a shutdown's, else the run's. */
  private int finish(ShutdownCoordinator coordinator, int runCode) {
    runHooks();
    return coordinator.exitCode().orElse(runCode);
  }

  /** Runs the shutdown hooks once, in reverse order, whoever gets here first. */
  private void runHooks() {
    if (!hooksRun.compareAndSet(false, true)) {
      return;
    }
    List<AutoCloseable> hooks = options.shutdownHooks();
    for (int i = hooks.size() - 1; i >= 0; i--) {
      try {
        hooks.get(i).close();
      } catch (Exception e) {
        LOG.warn("shutdown hook {} failed", hooks.get(i), e);
      }
    }
    InstalledTelemetry t = telemetry.get();
    if (t != null) {
      t.close(); // last: flushes what the hooks and the shutdown logged
    }
  }

  /**
   * A hard exit (second signal, overdue shutdown) still gives the shutdown hooks — a telemetry
   * flush above all — a bounded chance to run, so that the exit path loses no telemetry.
   */
  private void haltAfterHooks(int code) {
    Thread hooks = Thread.ofPlatform().daemon(true).name("ergon-halt-hooks").start(this::runHooks);
    try {
      hooks.join(HOOKS_BEFORE_HALT);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    halt.accept(code);
  }
}
