package dev.ergon.cli;

import dev.ergon.connector.UnsupportedCapabilityException;
import dev.ergon.engine.Outcome;
import dev.ergon.engine.TransactionNotFoundException;
import dev.ergon.engine.Worker;
import dev.ergon.task.TaskConfig;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/**
 * {@code ergon process-transaction-by-id <task> <policy> <id>}: resolves the transaction through
 * the policy's fetch connector and runs the consumer lifecycle once on it, with settlement. An
 * unknown id, or a connector that cannot resolve ids, exits 1 with the connector's message.
 */
@Command(
    name = "process-transaction-by-id",
    mixinStandardHelpOptions = true,
    description = {
      "Resolves a transaction by id through the policy's fetch connector and runs the consumer"
          + " lifecycle once on it, settling it.",
      "Exit code: 0 succeeded, 3 failed but handled, 1 unhandled, unknown id or a connector that"
          + " cannot resolve ids, 2 invalid input."
    })
final class ProcessTransactionByIdCommand implements Callable<Integer> {
  private final CliContext context;
  @Mixin ConfigOption config;

  @Parameters(index = "0", paramLabel = "TASK", description = "The task.")
  String task = "";

  @Parameters(index = "1", paramLabel = "POLICY", description = "A consumer policy of the task.")
  String policy = "";

  @Parameters(index = "2", paramLabel = "ID", description = "The transaction id to resolve.")
  String id = "";

  ProcessTransactionByIdCommand(CliContext context) {
    this.context = context;
  }

  @Override
  public Integer call() throws Exception {
    TaskConfig effective = context.task(task, config.file).config();
    CliContext.consumerPolicy(effective, policy);
    Outcome outcome;
    try (Worker worker = Worker.start(effective)) {
      outcome = worker.processTransactionById(policy, id);
    } catch (TransactionNotFoundException e) {
      throw new CliException(ExitCodes.FAILED, "transaction not found: " + e.getMessage());
    } catch (UnsupportedCapabilityException e) {
      throw new CliException(
          ExitCodes.FAILED, "cannot resolve transactions by id: " + e.getMessage());
    }
    context.out.println(OutcomeText.describe(outcome));
    return outcome.exitCode();
  }
}
