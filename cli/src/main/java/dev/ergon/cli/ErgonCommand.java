package dev.ergon.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code ergon}: without a subcommand, prints the usage and exits 2. */
@Command(
    name = "ergon",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = "Runs and inspects the tasks of an Ergon project.",
    subcommands = {
      InitCommand.class,
      ListCommand.class,
      RunCommand.class,
      ProcessTransactionCommand.class,
      ProcessTransactionByIdCommand.class,
      ValidateCommand.class,
      PolicyCommand.class
    },
    footerHeading = "%nExit codes:%n",
    footer = {
      "  0  ok",
      "  1  failed (unhandled failure, task or connector error)",
      "  2  configuration error or invalid input (unknown task or policy, bad JSON)",
      "  3  the transaction failed but the exception handler handled it",
      "  130 / 143  run stopped by SIGINT / SIGTERM"
    })
final class ErgonCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  ErgonCommand(CliContext context) {}

  @Override
  public Integer call() {
    spec.commandLine().getErr().println("ergon: a command is required");
    spec.commandLine().usage(spec.commandLine().getErr());
    return ExitCodes.INVALID;
  }
}
