package dev.ergon.cli;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ergon.engine.Outcome;
import dev.ergon.engine.Worker;
import dev.ergon.task.TaskConfig;
import dev.ergon.transaction.Transaction;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code ergon process-transaction <task> <policy> --payload-json '{…}'}: runs the consumer
 * lifecycle once on a transaction built from the command line, with the policy's retries and
 * runtime timeout. Nothing is settled: the transaction came from no connector.
 */
@Command(
    name = "process-transaction",
    mixinStandardHelpOptions = true,
    description = {
      "Runs the consumer lifecycle once on a transaction given as JSON.",
      "Exit code: 0 succeeded, 3 failed but handled, 1 unhandled or timed out unhandled,"
          + " 2 invalid input."
    })
final class ProcessTransactionCommand implements Callable<Integer> {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final CliContext context;
  @Mixin ConfigOption config;

  @Parameters(index = "0", paramLabel = "TASK", description = "The task.")
  String task = "";

  @Parameters(index = "1", paramLabel = "POLICY", description = "A consumer policy of the task.")
  String policy = "";

  @Option(
      names = "--payload-json",
      required = true,
      paramLabel = "JSON",
      description = "The payload, as JSON.")
  String payloadJson = "";

  @Option(
      names = "--id",
      paramLabel = "ID",
      description = "The transaction id (default: a random UUID).")
  @Nullable String id;

  @Option(
      names = "--metadata",
      paramLabel = "KEY=VALUE",
      description = "Metadata entries; repeatable.")
  Map<String, String> metadata = new LinkedHashMap<>();

  ProcessTransactionCommand(CliContext context) {
    this.context = context;
  }

  @Override
  public Integer call() throws Exception {
    TaskConfig effective = context.task(task, config.file).config();
    CliContext.consumerPolicy(effective, policy);
    Transaction tx = new Transaction(transactionId(), payload(), metadata);
    Outcome outcome;
    try (Worker worker = Worker.start(effective)) {
      outcome = worker.processTransaction(policy, tx);
    }
    context.out.println(OutcomeText.describe(outcome));
    return outcome.exitCode();
  }

  private String transactionId() {
    if (id == null) {
      return UUID.randomUUID().toString();
    }
    if (id.isBlank()) {
      throw new CliException(ExitCodes.INVALID, "--id must not be blank");
    }
    return id;
  }

  private Object payload() {
    Object value;
    try {
      value = JSON.readValue(payloadJson, Object.class);
    } catch (JacksonException e) {
      throw new CliException(
          ExitCodes.INVALID, "invalid JSON payload: " + e.getOriginalMessage() + location(e));
    }
    if (value == null) {
      throw new CliException(ExitCodes.INVALID, "invalid JSON payload: the payload is null");
    }
    return value;
  }

  private static String location(JacksonException e) {
    var loc = e.getLocation();
    return loc == null ? "" : " (at column " + loc.getColumnNr() + ")";
  }
}
