package dev.ergon.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code ergon policy}: the policy subcommands; without one, prints the usage and exits 2. */
@Command(
    name = "policy",
    mixinStandardHelpOptions = true,
    description = "Inspects policies.",
    subcommands = {PolicyExplainCommand.class})
final class PolicyCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  PolicyCommand(CliContext context) {}

  @Override
  public Integer call() {
    spec.commandLine().getErr().println("ergon policy: a subcommand is required");
    spec.commandLine().usage(spec.commandLine().getErr());
    return ExitCodes.INVALID;
  }
}
