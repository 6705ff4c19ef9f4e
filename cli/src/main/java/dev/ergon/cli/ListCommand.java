package dev.ergon.cli;

import dev.ergon.policy.Policy;
import dev.ergon.task.TaskConfig;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code ergon list}: the registered tasks, in registration order, with their policies. */
@Command(
    name = "list",
    mixinStandardHelpOptions = true,
    description = "Lists the registered tasks and their policies, in registration order.")
final class ListCommand implements Callable<Integer> {
  private final CliContext context;
  @Mixin ConfigOption config;

  ListCommand(CliContext context) {
    this.context = context;
  }

  @Override
  public Integer call() {
    var tasks = context.effectiveTasks(config.file);
    if (tasks.isEmpty()) {
      context.out.println(
          "No tasks registered. Pass your task configurations to ErgonCli.main(args, tasks).");
      return ExitCodes.OK;
    }
    context.out.println("Registered tasks:");
    for (CliContext.Effective e : tasks.values()) {
      TaskConfig c = e.config();
      context.out.printf("  %s (max_workers %d)%n", c.name(), c.maxWorkers());
      for (Policy p : c.policies()) {
        context.out.printf("    - %s: %s policy%n", p.name(), CliContext.kind(p));
      }
    }
    return ExitCodes.OK;
  }
}
