package dev.ergon.cli;

import dev.ergon.task.TaskConfig;

/**
 * The seam between {@code ergon run} and whatever runs the task. {@link InProcessLauncher} (the
 * default) runs one worker in this JVM; the runtime module's {@code Runner.run(TaskConfig,
 * RunOptions)} (worker processes, signals, supervision, health endpoint) plugs in here by mapping
 * {@link CliSettings} onto its {@code RunOptions}:
 *
 * <pre>{@code
 * TaskLauncher runtime = (config, settings) -> Runner.run(config, RunOptions.from(settings));
 * ErgonCli.builder().tasks(TASKS).launcher(runtime).build().main(args);
 * }</pre>
 */
@FunctionalInterface
public interface TaskLauncher {

  /**
   * Runs the task until it ends or is stopped.
   *
   * @param config the task's effective configuration (configuration files applied)
   * @param settings supervision, free-form settings and the observer to report to
   * @return the process exit code: 0 ok, 1 failed, 130 / 143 stopped by SIGINT / SIGTERM
   * @throws Exception when the task cannot be run; the CLI reports it and exits 1 (2 for a {@link
   *     dev.ergon.ConfigurationException})
   */
  int run(TaskConfig config, CliSettings settings) throws Exception;
}
