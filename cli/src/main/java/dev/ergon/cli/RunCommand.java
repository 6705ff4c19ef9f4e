package dev.ergon.cli;

import dev.ergon.engine.WorkerResult;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code ergon run <task>}: applies the configuration, runs the task through the {@link
 * TaskLauncher}, shows progress while it runs and the loops' summary when it ends.
 */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    description = {
      "Runs a task until its loops end or it is stopped.",
      "Shows a live progress line on a terminal, a progress log line every 10 s otherwise."
    })
final class RunCommand implements Callable<Integer> {
  private final CliContext context;
  @Mixin ConfigOption config;

  @Parameters(index = "0", paramLabel = "TASK", description = "The task to run.")
  String task = "";

  @Option(names = "--no-progress", description = "Show no progress while running.")
  boolean noProgress;

  RunCommand(CliContext context) {
    this.context = context;
  }

  @Override
  public Integer call() throws Exception {
    CliContext.Effective effective = context.task(task, config.file);
    ProgressReporter progress = context.progress(true);
    AtomicReference<WorkerResult> result = new AtomicReference<>();
    RunObserver summary =
        new RunObserver() {
          @Override
          public void onOutcome(
              dev.ergon.transaction.Transaction transaction, dev.ergon.engine.Outcome outcome) {}

          @Override
          public void finished(WorkerResult r) {
            result.set(r);
          }
        };
    RunObserver observer = noProgress ? summary : RunObserver.all(progress, summary);
    CliSettings settings = new CliSettings(effective.settings(), observer, context.err);
    int code;
    try (ProgressTicker ignored =
        noProgress ? ProgressTicker.none() : ProgressTicker.start(progress)) {
      code = context.launcher().run(effective.config(), settings);
    }
    WorkerResult r = result.get();
    if (r != null) {
      RunSummary.print(context.out, task, r);
    }
    context.out.println("exit code " + code);
    return code;
  }
}
