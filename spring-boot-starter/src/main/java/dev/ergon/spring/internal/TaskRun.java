package dev.ergon.spring.internal;

import dev.ergon.engine.Worker;
import dev.ergon.engine.WorkerOptions;
import dev.ergon.engine.WorkerResult;
import dev.ergon.engine.internal.LoopProbe;
import dev.ergon.engine.internal.LoopProbe.State;
import dev.ergon.runtime.internal.ConnectorTap;
import dev.ergon.runtime.internal.LivenessCheck;
import dev.ergon.runtime.internal.LoopSnapshot;
import dev.ergon.runtime.internal.Supervisor;
import dev.ergon.runtime.internal.Verdict;
import dev.ergon.task.TaskConfig;
import io.opentelemetry.api.OpenTelemetry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One task's worker inside a Spring application: started on the caller's thread (connectors,
 * services, task), {@code execute()} on a thread of its own named {@code ergon-task-<name>}, the
 * runtime's liveness supervisor beside it, and a graceful stop that stops fetching, releases what
 * has not started and lets in-flight transactions finish. Thread-safe.
 */
public final class TaskRun {
  private static final Logger LOG = LoggerFactory.getLogger(TaskRun.class);

  private final TaskConfig config;
  private final OpenTelemetry openTelemetry;
  private final CountDownLatch done = new CountDownLatch(1);
  private final List<Runnable> whenDone = new ArrayList<>();
  private volatile @Nullable Worker worker;
  private volatile @Nullable Supervisor supervisor;
  private volatile @Nullable Supplier<Verdict> check;
  private volatile @Nullable WorkerResult result;
  private volatile @Nullable String failure;
  private volatile boolean stopping;

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
    ConnectorTap tap = new ConnectorTap();
    Worker w =
        Worker.start(
            tap.wrap(config),
            WorkerOptions.defaults().withWorker(0, 1).withOpenTelemetry(openTelemetry));
    LivenessCheck liveness = LivenessCheck.forTask(config.policies(), config.supervision());
    Supplier<Verdict> c = () -> liveness.check(snapshots(w), tap.health(), System.nanoTime());
    Supervisor s = new Supervisor(config.supervision(), c, this::unhealthy, System::nanoTime);
    worker = w;
    check = c;
    supervisor = s;
    if (config.supervision().enabled()) {
      s.start();
    }
    Thread.ofPlatform().name("ergon-task-" + config.name()).start(() -> execute(w, s));
    LOG.info("task '{}' started", config.name());
  }

  private void execute(Worker w, Supervisor s) {
    try {
      WorkerResult r = w.execute();
      result = r;
      if (r.exitCode() != 0) {
        failure = "the task ended with a failure (exit code " + r.exitCode() + ")";
      }
    } catch (RuntimeException | Error e) {
      failure = "the worker failed: " + e;
      LOG.error("task '{}': the worker failed", config.name(), e);
    } finally {
      s.close();
      w.close();
      LOG.info("task '{}' ended{}", config.name(), failure == null ? "" : ": " + failure);
      List<Runnable> callbacks;
      synchronized (this) {
        done.countDown();
        callbacks = List.copyOf(whenDone);
      }
      callbacks.forEach(Runnable::run);
    }
  }

  private void unhealthy(Verdict v) {
    failure = "stopped by supervision: " + v.reason();
    LOG.error("task '{}': unhealthy past unhealthy_grace, stopping it: {}", config.name(), v);
    requestStop();
  }

  /** Stops fetching and lets in-flight work finish (idempotent, any thread). */
  public void requestStop() {
    stopping = true;
    Worker w = worker;
    if (w != null) {
      w.stop();
    }
  }

  /**
   * Runs {@code callback} once the worker has ended and closed (at once if it has, or never
   * started).
   *
   * @param callback e.g. Spring's stop callback
   */
  public void whenDone(Runnable callback) {
    synchronized (this) {
      if (worker != null && done.getCount() > 0) {
        whenDone.add(callback);
        return;
      }
    }
    callback.run();
  }

  /**
   * Waits for the worker to end.
   *
   * @param timeout how long at most
   * @return true when it has ended (or never started)
   * @throws InterruptedException when interrupted
   */
  public boolean await(Duration timeout) throws InterruptedException {
    return worker == null || done.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
  }

  /**
   * Whether the worker was started and has not ended.
   *
   * @return true while it runs
   */
  public boolean running() {
    return worker != null && done.getCount() > 0;
  }

  /**
   * Closes a worker that outlived the shutdown (its connectors and services), after logging what is
   * still in flight: those transactions are left to the source's redelivery.
   */
  public void forceClose() {
    Worker w = worker;
    if (w != null && done.getCount() > 0) {
      LOG.error(
          "CRITICAL: task '{}' did not drain before the context closed; closing it. Still in"
              + " flight: {}",
          config.name(),
          inFlight(w));
      w.stop();
      w.close();
    }
  }

  /**
   * Liveness, as the runtime's supervision sees it.
   *
   * @return the supervisor's last verdict (a fresh check when supervision is off); {@code starting}
   *     before start; {@code finished} or {@code failed} after the end
   */
  public Verdict live() {
    String f = failure;
    if (f != null) {
      return Verdict.unhealthy("failed", "task '" + config.name() + "': " + f, Map.of());
    }
    Supervisor s = supervisor;
    Supplier<Verdict> c = check;
    if (s == null || c == null) {
      return Verdict.healthy("starting", Map.of());
    }
    if (done.getCount() == 0) {
      return Verdict.healthy("finished", Map.of());
    }
    return config.supervision().enabled() ? s.lastVerdict() : c.get();
  }

  /**
   * Readiness: live, a loop running and not stopping; a task that finished on its own without
   * failure stays ready ({@code finished}), so that a finished batch task does not take the
   * application out of service.
   *
   * @return the verdict
   */
  public Verdict ready() {
    Worker w = worker;
    if (w == null) {
      return Verdict.unhealthy(
          "starting", "task '" + config.name() + "' has not started", Map.of());
    }
    Verdict live = live();
    if (!live.healthy()) {
      return live;
    }
    if (stopping) {
      return Verdict.unhealthy("stopping", "task '" + config.name() + "' is stopping", Map.of());
    }
    if (done.getCount() == 0) {
      return live;
    }
    boolean looping =
        w.engine().probes().values().stream()
            .anyMatch(p -> p.state() != State.STARTING && p.state() != State.FINISHED);
    return looping
        ? Verdict.healthy("ready", live.details())
        : Verdict.unhealthy(
            "starting", "task '" + config.name() + "': no loop is running yet", live.details());
  }

  /**
   * The task's effective configuration.
   *
   * @return the configuration
   */
  public TaskConfig config() {
    return config;
  }

  private static List<LoopSnapshot> snapshots(Worker w) {
    List<LoopSnapshot> out = new ArrayList<>();
    for (Map.Entry<String, LoopProbe> e : w.engine().probes().entrySet()) {
      out.add(LoopSnapshot.of(e.getKey(), e.getValue()));
    }
    return out;
  }

  private static String inFlight(Worker w) {
    long now = System.nanoTime();
    List<String> parts = new ArrayList<>();
    for (Map.Entry<String, LoopProbe> e : new TreeMap<>(w.engine().probes()).entrySet()) {
      e.getValue()
          .inFlight()
          .forEach(
              (id, since) ->
                  parts.add(
                      id
                          + " (loop '"
                          + e.getKey()
                          + "', running "
                          + Duration.ofNanos(now - since).toMillis()
                          + " ms)"));
    }
    return parts.isEmpty() ? "none" : String.join(", ", parts);
  }
}
