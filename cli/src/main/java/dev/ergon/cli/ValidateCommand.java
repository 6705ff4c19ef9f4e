package dev.ergon.cli;

import dev.ergon.ConfigurationException;
import dev.ergon.cli.config.ErgonConfiguration;
import dev.ergon.cli.config.InvalidConfigurationException;
import dev.ergon.policy.Policy;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code ergon validate}: reads the configuration and builds every task's effective configuration
 * without starting any worker; lists every problem. Exit 0 when valid, 2 otherwise.
 */
@Command(
    name = "validate",
    mixinStandardHelpOptions = true,
    description = {
      "Checks the configuration: reads every source and builds every task's configuration,"
          + " starting nothing.",
      "Exit code: 0 valid, 2 invalid (every problem is listed)."
    })
final class ValidateCommand implements Callable<Integer> {
  private final CliContext context;
  @Mixin ConfigOption config;

  ValidateCommand(CliContext context) {
    this.context = context;
  }

  @Override
  public Integer call() {
    try {
      ErgonConfiguration configuration = context.configuration(config.file);
      var tasks = context.effectiveTasks(config.file);
      List<String> sources = configuration.sources();
      context.out.println(
          "configuration is valid"
              + (sources.isEmpty() ? " (no configuration sources; code defaults)" : ""));
      sources.forEach(s -> context.out.println("  from " + s));
      for (CliContext.Effective e : tasks.values()) {
        List<String> policies = e.config().policies().stream().map(Policy::name).toList();
        context.out.printf(
            "  task %s: max_workers %d, policies %s%n",
            e.config().name(), e.config().maxWorkers(), policies);
      }
      return ExitCodes.OK;
    } catch (InvalidConfigurationException e) {
      context.err.println("configuration is invalid (" + e.problems().size() + " problems):");
      e.problems().forEach(p -> context.err.println("  - " + p));
      return ExitCodes.INVALID;
    } catch (ConfigurationException e) {
      context.err.println("configuration is invalid:");
      context.err.println("  - " + e.getMessage());
      return ExitCodes.INVALID;
    }
  }
}
