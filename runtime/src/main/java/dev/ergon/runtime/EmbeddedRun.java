package dev.ergon.runtime;

import dev.ergon.ConfigurationException;
import dev.ergon.engine.Worker;
import dev.ergon.engine.WorkerOptions;
import dev.ergon.engine.WorkerResult;
import dev.ergon.runtime.internal.ConnectorTap;
import dev.ergon.runtime.internal.HealthReadings;
import dev.ergon.runtime.internal.InFlight;
import dev.ergon.runtime.internal.Verdict;
import dev.ergon.runtime.internal.WorkerIdentity;
import dev.ergon.runtime.internal.WorkerMonitor;
import dev.ergon.task.TaskConfig;
import dev.ergon.time.StopSignal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One worker of a task run inside the caller's process, for applications that own the process (a
 * Spring Boot application, a container of services): no signal handlers, no {@code System.exit}, no
 * halting. {@link #start} builds connectors, services and the task on the calling thread (a failure
 * is thrown, with everything built closed again), then runs {@code execute()} on the thread {@code
 * ergon-task-<task>} with the runtime's liveness supervision beside it and, when {@link
 * RunOptions#healthPort()} is set, the health endpoint.
 *
 * <pre>{@code
 * EmbeddedRun run = EmbeddedRun.start(config, RunOptions.builder().openTelemetry(otel).build());
 * TaskHealth health = run.health();          // for the application's probes
 * boolean drained = run.stop(Duration.ofSeconds(30)); // drain, then force
 * EmbeddedResult result = run.result().orElseThrow();
 * }</pre>
 *
 * <p>Of {@link RunOptions}: supervision, shutdown grace (for {@link #close()}), health port and
 * metrics text, worker identity (default worker 0 of 1), shutdown hooks, time source, telemetry
 * ({@code openTelemetry}), outcome listener and worker observer apply; {@link
 * RunOptions#telemetry()} (an SDK the worker installs for itself) is rejected, since the
 * application owns its telemetry.
 *
 * <p>A task that supervision finds unhealthy for {@code unhealthy_grace} is stopped gracefully and
 * stays not live, with the reason. Thread-safe.
 */
public final class EmbeddedRun implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedRun.class);

  private final TaskConfig config;
  private final RunOptions options;
  private final Worker worker;
  private final CountDownLatch done = new CountDownLatch(1);
  private final List<Runnable> whenDone = new ArrayList<>();
  private volatile @Nullable WorkerMonitor monitor;
  private volatile @Nullable EmbeddedResult result;
  private volatile @Nullable String failure;
  private volatile boolean stopping;
  private boolean ended;

  private EmbeddedRun(TaskConfig config, RunOptions options, Worker worker) {
    this.config = config;
    this.options = options;
    this.worker = worker;
  }

  /**
   * Starts the task with default options (the task's supervision, no-op telemetry).
   *
   * @param config the task
   * @return the running task
   * @throws ConfigurationException when the task or its options are invalid
   */
  public static EmbeddedRun start(TaskConfig config) {
    return start(config, RunOptions.defaults());
  }

  /**
   * Starts the task: connectors, services and task on this thread, then {@code execute()} on a
   * thread of its own, with supervision.
   *
   * @param config the task
   * @param options supervision, graces, telemetry, listeners (see the class description)
   * @return the running task
   * @throws ConfigurationException when the task or its options are invalid
   * @throws RuntimeException what a connector, service or task factory threw
   */
  public static EmbeddedRun start(TaskConfig config, RunOptions options) {
    RunOptions o = options.resolvedFor(config);
    WorkerIdentity identity = identity(config, o);
    StopSignal stop = new StopSignal();
    ConnectorTap tap = new ConnectorTap();
    WorkerOptions workerOptions =
        WorkerOptions.defaults()
            .withWorker(identity.index(), identity.count())
            .withTimeSource(o.timeSource())
            .withStopSignal(stop)
            .withOutcomeListener(o.outcomeListener())
            .withOpenTelemetry(o.openTelemetry());
    EmbeddedRun run = new EmbeddedRun(config, o, Worker.start(tap.wrap(config), workerOptions));
    try {
      run.monitor =
          WorkerMonitor.start(run.worker, tap, o, identity, run::unhealthy, () -> run.stopping);
    } catch (RuntimeException e) {
      run.worker.close();
      run.runHooks();
      throw e;
    }
    run.observe(() -> o.workerObserver().started(run.worker));
    Thread.ofPlatform().name("ergon-task-" + config.name()).start(run::execute);
    LOG.info("task '{}' started in this process", config.name());
    return run;
  }

  private static WorkerIdentity identity(TaskConfig config, RunOptions o) {
    if (o.telemetry() != null) {
      throw new ConfigurationException(
          "task '"
              + config.name()
              + "': RunOptions.telemetry is not supported by EmbeddedRun (the application owns"
              + " its telemetry); pass its OpenTelemetry with RunOptions.openTelemetry");
    }
    Integer index = o.workerIndex();
    Integer count = o.workerCount();
    if (index != null && count != null) {
      return new WorkerIdentity(index, count, false, false);
    }
    if (config.maxWorkers() != 1) {
      throw new ConfigurationException(
          "task '"
              + config.name()
              + "': max_workers = "
              + config.maxWorkers()
              + " cannot run embedded, which runs one worker in this process; set"
              + " RunOptions.worker(index, count) or use Runner");
    }
    return new WorkerIdentity(0, 1, false, false);
  }

  private void execute() {
    WorkerResult r = null;
    try {
      r = worker.execute();
      WorkerResult ended = r;
      observe(() -> options.workerObserver().finished(ended));
    } catch (RuntimeException | Error e) {
      failure = "task '" + config.name() + "': the worker failed: " + e;
      LOG.error("task '{}': the worker failed", config.name(), e);
    } finally {
      WorkerMonitor m = monitor;
      if (m != null) {
        m.executeEnded();
      }
      worker.close();
      if (m != null) {
        m.close();
      }
      runHooks();
      end(r);
    }
  }

  private void end(@Nullable WorkerResult r) {
    if (failure == null && r != null && r.exitCode() != ExitCodes.OK) {
      failure = "task '" + config.name() + "' ended with exit code " + r.exitCode();
    }
    String f = failure;
    int code = f == null ? ExitCodes.OK : ExitCodes.FAILURE;
    result = new EmbeddedResult(code, f, r);
    LOG.info("task '{}' ended{}", config.name(), f == null ? "" : ": " + f);
    List<Runnable> callbacks;
    synchronized (this) {
      ended = true;
      callbacks = List.copyOf(whenDone);
      whenDone.clear();
    }
    done.countDown();
    callbacks.forEach(this::runCallback);
  }

  private void runHooks() {
    List<AutoCloseable> hooks = options.shutdownHooks();
    for (int i = hooks.size() - 1; i >= 0; i--) {
      try {
        hooks.get(i).close();
      } catch (Exception e) {
        LOG.warn("task '{}': shutdown hook {} failed", config.name(), hooks.get(i), e);
      }
    }
  }

  private void observe(Runnable call) {
    try {
      call.run();
    } catch (RuntimeException e) {
      LOG.warn("task '{}': worker observer failed", config.name(), e);
    }
  }

  private void runCallback(Runnable callback) {
    try {
      callback.run();
    } catch (RuntimeException e) {
      LOG.warn("task '{}': termination callback failed", config.name(), e);
    }
  }

  private void unhealthy(Verdict v) {
    failure = "task '" + config.name() + "': stopped by supervision: " + v.reason();
    LOG.error("task '{}': unhealthy past unhealthy_grace, stopping it: {}", config.name(), v);
    requestStop();
  }

  /**
   * Asks the task to stop gracefully and returns at once: every loop stops fetching,
   * fetched-but-unstarted transactions are released for redelivery, in-flight ones finish, then
   * {@code exit()} runs and services and connectors close. Idempotent, any thread.
   */
  public void requestStop() {
    stopping = true;
    worker.stop();
  }

  /**
   * Stops the task: {@link #requestStop()}, then waits up to {@code grace} for it to end; if it has
   * not, logs the transactions still in flight and closes its services and connectors under it (the
   * transactions in flight are left to the source's redelivery), and the result records the forced
   * stop.
   *
   * @param grace how long the drain may take; zero forces at once
   * @return true when the task ended within the grace, false when it was forced
   */
  public boolean stop(Duration grace) {
    requestStop();
    try {
      if (awaitTermination(grace)) {
        return true;
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    failure = "task '" + config.name() + "': the stop did not drain within " + grace + "; forced";
    LOG.error(
        "CRITICAL: task '{}' did not drain within {}; closing its services and connectors. Still"
            + " in flight: {}",
        config.name(),
        grace,
        InFlight.describe(worker));
    worker.close();
    return false;
  }

  /**
   * Waits for the task to end ({@code execute()} returned, everything closed, the result set).
   *
   * @param timeout how long at most
   * @return true when it has ended
   * @throws InterruptedException when interrupted
   */
  public boolean awaitTermination(Duration timeout) throws InterruptedException {
    return done.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
  }

  /**
   * Runs {@code callback} once the task has ended and closed, on the task's thread (at once, on
   * this thread, when it already has). A callback that throws is logged.
   *
   * @param callback e.g. a lifecycle's stop callback
   */
  public void whenTerminated(Runnable callback) {
    synchronized (this) {
      if (!ended) {
        whenDone.add(callback);
        return;
      }
    }
    runCallback(callback);
  }

  /**
   * Whether the task's thread is still running.
   *
   * @return true until it has ended
   */
  public boolean running() {
    return done.getCount() > 0;
  }

  /**
   * How the run ended.
   *
   * @return the result, or empty while the task's thread runs (after a forced stop too, until the
   *     task's code returns)
   */
  public java.util.Optional<EmbeddedResult> result() {
    return java.util.Optional.ofNullable(result);
  }

  /**
   * The task's configuration.
   *
   * @return the configuration
   */
  public TaskConfig config() {
    return config;
  }

  /**
   * Liveness and readiness now. Liveness is the supervisor's last verdict (a fresh check when
   * supervision is off), DOWN for good once the task failed or supervision stopped it; readiness is
   * live, not stopping and a loop running, and a task that finished on its own without failure
   * stays ready ({@code finished}).
   *
   * @return the reading
   */
  public TaskHealth health() {
    Verdict live = live();
    String task = config.name();
    return new TaskHealth(HealthReadings.of(task, live), HealthReadings.of(task, ready(live)));
  }

  private Verdict live() {
    String f = failure;
    if (f != null) {
      return Verdict.unhealthy("failed", f, Map.of());
    }
    WorkerMonitor m = monitor;
    if (m == null) {
      return Verdict.healthy("starting", Map.of());
    }
    return running() ? m.live() : Verdict.healthy("finished", Map.of());
  }

  private Verdict ready(Verdict live) {
    if (!live.healthy()) {
      return live;
    }
    if (stopping) {
      return Verdict.unhealthy("stopping", "task '" + config.name() + "' is stopping", Map.of());
    }
    WorkerMonitor m = monitor;
    if (!running() || m == null) {
      return live;
    }
    return m.ready();
  }

  /** Stops with the shutdown grace of the options ({@link RunOptions#effectiveShutdownGrace()}). */
  @Override
  public void close() {
    stop(options.effectiveShutdownGrace());
  }
}
