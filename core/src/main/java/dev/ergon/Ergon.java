package dev.ergon;

import dev.ergon.engine.Outcome;
import dev.ergon.engine.Worker;
import dev.ergon.engine.WorkerResult;
import dev.ergon.task.TaskConfig;
import dev.ergon.transaction.Transaction;

/**
 * The shortest way to run a task in-process: one worker, started, executed and closed.
 *
 * <pre>{@code
 * WorkerResult result = Ergon.run(config);
 * System.exit(result.exitCode());
 * }</pre>
 *
 * <p>For several workers, signals and liveness, use the runtime module (planned); for control over
 * time, telemetry or outcomes, use {@link Worker} directly.
 */
public final class Ergon {
  private Ergon() {}

  /**
   * Starts one worker for {@code config}, runs the task's {@code execute()} and {@code exit()}, and
   * closes every connector and service.
   *
   * @param config the task configuration
   * @return the loops' reports and the task's failure, if any
   */
  public static WorkerResult run(TaskConfig config) {
    try (Worker worker = Worker.start(config)) {
      return worker.execute();
    }
  }

  /**
   * Runs the consumer lifecycle of {@code config}'s task once on {@code transaction}, with the
   * named consumer policy (retries, runtime timeout), as {@code ergon process-transaction} does.
   *
   * @param config the task configuration
   * @param policyName a consumer policy of the task
   * @param transaction the transaction
   * @return the outcome; {@link Outcome#exitCode()} maps it to 0, 3 or 1
   * @throws InterruptedException when interrupted while waiting
   */
  public static Outcome processTransaction(
      TaskConfig config, String policyName, Transaction transaction) throws InterruptedException {
    try (Worker worker = Worker.start(config)) {
      return worker.processTransaction(policyName, transaction);
    }
  }
}
