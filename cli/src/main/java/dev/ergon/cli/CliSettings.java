package dev.ergon.cli;

import dev.ergon.cli.config.SupervisionSettings;
import dev.ergon.cli.config.TaskSettings;
import java.io.PrintWriter;

/**
 * What {@code ergon run} hands a {@link TaskLauncher} besides the task's configuration.
 *
 * <p>Mapping onto the runtime's {@code RunOptions} (when {@code dev.ergon.runtime.Runner} is
 * integrated): {@link #supervision()} becomes its {@code SupervisionPolicy} key for key ({@code
 * enabled}, {@code check_interval}, {@code startup_grace}, {@code unhealthy_grace}, {@code
 * shutdown_grace}, {@code fetch_stale_after}, {@code processing_stale_after}); {@link #observer()}
 * is the outcome listener and engine observer of each in-process worker.
 *
 * @param task the task's settings: supervision, free-form connector and service settings; {@code
 *     max_workers} is already applied to the task's configuration
 * @param observer receives outcomes, the started engine and the result (progress and summary)
 * @param err where a launcher writes warnings
 */
public record CliSettings(TaskSettings task, RunObserver observer, PrintWriter err) {

  /**
   * The task's supervision settings.
   *
   * @return the supervision settings
   */
  public SupervisionSettings supervision() {
    return task.supervision();
  }
}
