package dev.ergon.cli;

import dev.ergon.engine.Worker;
import dev.ergon.engine.WorkerOptions;
import dev.ergon.engine.WorkerResult;
import dev.ergon.task.TaskConfig;

/**
 * A {@link TaskLauncher} that runs one plain worker in this JVM, started, executed and closed; the
 * exit code is {@link WorkerResult#exitCode()}. It has no signal handling, liveness supervision or
 * worker processes (with {@code max_workers > 1} it warns and runs a single worker): use it for
 * embedding and tests; the default is {@link RuntimeLauncher}.
 */
public final class InProcessLauncher implements TaskLauncher {

  /** Creates the launcher. */
  public InProcessLauncher() {}

  @Override
  public int run(TaskConfig config, CliSettings settings) {
    if (config.maxWorkers() > 1) {
      settings
          .err()
          .println(
              "warning: task '"
                  + config.name()
                  + "' has max_workers "
                  + config.maxWorkers()
                  + "; the in-process launcher runs one worker");
      settings.err().flush();
    }
    WorkerOptions options = WorkerOptions.defaults().withOutcomeListener(settings.observer());
    try (Worker worker = Worker.start(config, options)) {
      settings.observer().started(worker.engine());
      WorkerResult result = worker.execute();
      settings.observer().finished(result);
      return result.exitCode();
    }
  }
}
