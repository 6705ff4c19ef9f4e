package dev.ergon.cli;

import dev.ergon.task.TaskConfig;

/**
 * The seam between {@code ergon run} and whatever runs the task. {@link RuntimeLauncher} (the
 * default) runs it with the runtime's {@code Runner} (worker processes, signals, supervision,
 * health endpoint); {@link InProcessLauncher} runs one plain worker in this JVM; tests plug in
 * fakes:
 *
 * <pre>{@code
 * ErgonCli.builder().tasks(TASKS).launcher(new InProcessLauncher()).build().main(args);
 * }</pre>
 */
@FunctionalInterface
public interface TaskLauncher {

  /**
   * Runs the task until it ends or is stopped.
   *
   * @param config the task's effective configuration (configuration files applied, supervision
   *     included)
   * @param settings free-form settings, telemetry and the observer to report to
   * @return the process exit code: 0 ok, 1 failed, 130 / 143 stopped by SIGINT / SIGTERM
   * @throws Exception when the task cannot be run; the CLI reports it and exits 1 (2 for a {@link
   *     dev.ergon.ConfigurationException})
   */
  int run(TaskConfig config, CliSettings settings) throws Exception;
}
