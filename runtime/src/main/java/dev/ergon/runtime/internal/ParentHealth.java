package dev.ergon.runtime.internal;

import dev.ergon.runtime.RunOptions;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * The health endpoint of a parent of worker processes, on the configured port (each worker serves
 * its own on {@code port + 1 + index}): live unless a worker has failed (an exit code worse than
 * 143); ready while every worker is running and no signal was received.
 */
final class ParentHealth implements AutoCloseable {
  private final @Nullable HealthEndpoint endpoint;

  /**
   * The workers' state.
   *
   * @param expected how many workers the task has
   * @param started how many were started
   * @param alive how many are running
   * @param failed exit codes of the workers that failed
   * @param stopping whether a signal was received
   */
  record Snapshot(int expected, int started, int alive, List<Integer> failed, boolean stopping) {
    Snapshot {
      failed = List.copyOf(failed);
    }

    Map<String, Object> details() {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("workers", expected);
      m.put("started", started);
      m.put("alive", alive);
      m.put("failed_exit_codes", failed);
      return m;
    }
  }

  private ParentHealth(@Nullable HealthEndpoint endpoint) {
    this.endpoint = endpoint;
  }

  static ParentHealth start(RunOptions options, Supplier<Snapshot> workers) {
    Integer port = options.healthPort();
    if (port == null) {
      return new ParentHealth(null);
    }
    return new ParentHealth(
        HealthEndpoint.start(port, () -> live(workers.get()), () -> ready(workers.get())));
  }

  static Verdict live(Snapshot s) {
    return s.failed().isEmpty()
        ? Verdict.healthy("running", s.details())
        : Verdict.unhealthy("worker_failed", "worker exit codes " + s.failed(), s.details());
  }

  static Verdict ready(Snapshot s) {
    boolean ready = !s.stopping() && s.started() == s.expected() && s.alive() == s.expected();
    return ready
        ? Verdict.healthy("ready", s.details())
        : Verdict.unhealthy("not_ready", "not every worker process is running", s.details());
  }

  @Override
  public void close() {
    if (endpoint != null) {
      endpoint.close();
    }
  }
}
