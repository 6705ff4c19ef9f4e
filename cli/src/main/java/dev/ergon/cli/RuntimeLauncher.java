package dev.ergon.cli;

import dev.ergon.cli.config.SupervisionSettings;
import dev.ergon.engine.Worker;
import dev.ergon.engine.WorkerResult;
import dev.ergon.runtime.RunOptions;
import dev.ergon.runtime.Runner;
import dev.ergon.runtime.SupervisionPolicy;
import dev.ergon.runtime.WorkerObserver;
import dev.ergon.task.TaskConfig;

/**
 * The default {@link TaskLauncher}: runs the task with the runtime's {@link Runner} — worker
 * processes for {@code max_workers > 1}, graceful shutdown on SIGINT/SIGTERM, liveness supervision
 * from the {@code supervision} section of the configuration — and feeds the CLI's progress and
 * summary from the worker in this process.
 */
public final class RuntimeLauncher implements TaskLauncher {

  /** Creates the launcher. */
  public RuntimeLauncher() {}

  @Override
  public int run(TaskConfig config, CliSettings settings) {
    RunObserver observer = settings.observer();
    RunOptions options =
        RunOptions.builder()
            .supervision(supervision(settings.supervision()))
            .outcomeListener(observer)
            .workerObserver(
                new WorkerObserver() {
                  @Override
                  public void started(Worker worker) {
                    observer.started(worker.engine());
                  }

                  @Override
                  public void finished(WorkerResult result) {
                    observer.finished(result);
                  }
                })
            .build();
    return Runner.run(config, options);
  }

  /** The runtime's policy from the configuration's settings, key for key. */
  static SupervisionPolicy supervision(SupervisionSettings s) {
    return new SupervisionPolicy(
        s.enabled(),
        s.checkInterval(),
        s.startupGrace(),
        s.unhealthyGrace(),
        s.shutdownGrace(),
        s.fetchStaleAfter(),
        s.processingStaleAfter());
  }
}
