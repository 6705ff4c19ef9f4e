package dev.ergon.engine;

import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * What one worker's run of a task did: the report of every loop it ran, and the failure of {@code
 * execute()} if it failed.
 *
 * @param reports one per consumer or producer loop, in the order they ended
 * @param failure what {@code execute()} threw, if anything
 */
public record WorkerResult(List<RunReport> reports, @Nullable Throwable failure) {

  /** Copies the reports. */
  public WorkerResult {
    reports = List.copyOf(reports);
  }

  /**
   * The failure of {@code execute()}, if any.
   *
   * @return the failure, or empty
   */
  public Optional<Throwable> failureCause() {
    return Optional.ofNullable(failure);
  }

  /**
   * The process exit code of this run: 1 when {@code execute()} failed or a loop ended on a fetch
   * failure, 0 otherwise.
   *
   * @return 0 or 1
   */
  public int exitCode() {
    boolean fetchFailed = reports.stream().anyMatch(r -> r.endReason() == EndReason.FETCH_FAILED);
    return failure != null || fetchFailed ? 1 : 0;
  }
}
