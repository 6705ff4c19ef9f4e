package dev.ergon.runtime;

import dev.ergon.engine.WorkerResult;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * How a task run in this process ended ({@link EmbeddedRun#result()}).
 *
 * @param exitCode what {@link Runner} would exit with: {@link ExitCodes#OK}, or {@link
 *     ExitCodes#FAILURE} for a failed task, a failed worker, a supervision-forced stop or a stop
 *     that outlived its grace
 * @param failure why it failed, naming the task; null when it did not
 * @param worker the loops' reports and the task's failure, or null when {@code execute()} did not
 *     return normally
 */
public record EmbeddedResult(
    int exitCode, @Nullable String failure, @Nullable WorkerResult worker) {

  /**
   * Whether the run ended without failure.
   *
   * @return true when {@link #failure()} is null
   */
  public boolean succeeded() {
    return failure == null;
  }

  /**
   * The worker's result, when {@code execute()} returned.
   *
   * @return the result, or empty
   */
  public Optional<WorkerResult> workerResult() {
    return Optional.ofNullable(worker);
  }
}
