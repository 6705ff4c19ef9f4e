package dev.ergon.runtime.internal;

import dev.ergon.engine.Worker;
import dev.ergon.engine.internal.LoopProbe;
import dev.ergon.engine.internal.LoopProbe.State;
import dev.ergon.runtime.RunOptions;
import dev.ergon.runtime.internal.ShutdownCoordinator.Cause;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * What watches a running worker: the liveness supervisor and the health endpoint, with readiness
 * (started, loops running and healthy, not stopping). Shared by {@link WorkerRun} (the runner's
 * process) and {@link dev.ergon.runtime.EmbeddedRun} (a task in the caller's process).
 */
public final class WorkerMonitor implements AutoCloseable {
  private final Worker worker;
  private final BooleanSupplier stopping;
  private final Supervisor supervisor;
  private final Supplier<Verdict> check;
  private final boolean supervised;
  private volatile boolean executing = true;
  private @Nullable HealthEndpoint endpoint;

  private WorkerMonitor(
      Worker worker,
      ConnectorTap tap,
      RunOptions options,
      Consumer<Verdict> onUnhealthy,
      BooleanSupplier stopping) {
    this.worker = worker;
    this.stopping = stopping;
    this.supervised = options.effectiveSupervision().enabled();
    LivenessCheck liveness =
        LivenessCheck.forTask(worker.config().policies(), options.effectiveSupervision());
    this.check = () -> liveness.check(snapshots(worker), tap.health(), System.nanoTime());
    this.supervisor =
        new Supervisor(options.effectiveSupervision(), check, onUnhealthy, System::nanoTime);
  }

  static WorkerMonitor start(
      Worker worker,
      ConnectorTap tap,
      RunOptions options,
      WorkerIdentity identity,
      ShutdownCoordinator coordinator) {
    return start(
        worker,
        tap,
        options,
        identity,
        v -> coordinator.request(Cause.UNHEALTHY, "supervisor", "worker unhealthy: " + v.reason()),
        coordinator::stopping);
  }

  /**
   * Starts the supervisor (when supervision is on) and the health endpoint (when a port is set).
   *
   * @param worker the started worker
   * @param tap the connectors it built
   * @param options the resolved run options (supervision, health port, metrics text)
   * @param identity this worker's index and count (the endpoint's port offset when spawned)
   * @param onUnhealthy called once when unhealthiness outlasts {@code unhealthy_grace}
   * @param stopping whether a stop was requested (the worker is then not ready)
   * @return the running monitor
   */
  public static WorkerMonitor start(
      Worker worker,
      ConnectorTap tap,
      RunOptions options,
      WorkerIdentity identity,
      Consumer<Verdict> onUnhealthy,
      BooleanSupplier stopping) {
    WorkerMonitor m = new WorkerMonitor(worker, tap, options, onUnhealthy, stopping);
    if (m.supervised) {
      m.supervisor.start();
    }
    Integer port = options.healthPort();
    if (port != null) {
      int p = identity.spawned() && port > 0 ? port + 1 + identity.index() : port;
      try {
        m.endpoint = HealthEndpoint.start(p, m::live, m::ready, options.metricsText());
      } catch (RuntimeException e) {
        m.supervisor.close();
        throw e;
      }
    }
    return m;
  }

  /**
   * Reads every loop's probe.
   *
   * @param worker the worker
   * @return one snapshot per loop
   */
  public static List<LoopSnapshot> snapshots(Worker worker) {
    List<LoopSnapshot> out = new ArrayList<>();
    for (Map.Entry<String, LoopProbe> e : worker.engine().probes().entrySet()) {
      out.add(LoopSnapshot.of(e.getKey(), e.getValue()));
    }
    return out;
  }

  /**
   * Liveness: the supervisor's last verdict, or a fresh check when supervision is off.
   *
   * @return the verdict
   */
  public Verdict live() {
    return supervised ? supervisor.lastVerdict() : check.get();
  }

  /**
   * Readiness: executing, not stopping, live, and at least one loop running.
   *
   * @return the verdict
   */
  public Verdict ready() {
    if (!executing || stopping.getAsBoolean()) {
      return Verdict.unhealthy("stopping", "the worker is stopping or has stopped", Map.of());
    }
    Verdict live = live();
    if (!live.healthy()) {
      return live;
    }
    boolean running =
        worker.engine().probes().values().stream()
            .anyMatch(p -> p.state() != State.STARTING && p.state() != State.FINISHED);
    return running
        ? Verdict.healthy("ready", live.details())
        : Verdict.unhealthy("starting", "no loop is running yet", live.details());
  }

  /** {@code execute()} returned: supervision ends and the worker is no longer ready. */
  public void executeEnded() {
    executing = false;
    supervisor.close();
  }

  /** Stops the health endpoint. */
  @Override
  public void close() {
    supervisor.close();
    if (endpoint != null) {
      endpoint.close();
    }
  }
}
