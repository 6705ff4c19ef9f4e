package dev.ergon.runtime;

import dev.ergon.ConfigurationException;
import dev.ergon.runtime.internal.ShutdownCoordinator;
import dev.ergon.runtime.internal.WorkerIdentity;
import dev.ergon.runtime.internal.WorkerProcesses;
import dev.ergon.runtime.internal.WorkerRun;
import dev.ergon.task.TaskConfig;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a task as an operable process: one worker in this JVM, or {@code max_workers} worker
 * processes; graceful shutdown on SIGINT and SIGTERM; liveness supervision; an optional health
 * endpoint. Returns the process exit code rather than exiting.
 *
 * <pre>{@code
 * public static void main(String[] args) {
 *   TaskConfig config = TaskConfig.builder("order-processor")
 *       .task(OrderProcessor::new)
 *       .connector("input", () -> new RabbitMqConnector(...))
 *       .policy(ConsumerPolicy.builder("consumer").streaming(true).build())
 *       .maxWorkers(3)
 *       .build();
 *   Runner.exit(Runner.run(config, RunOptions.builder().healthPort(8080).build()));
 * }
 * }</pre>
 *
 * <p><b>One worker</b> (when {@code max_workers} is 1, or this process is a worker: {@link
 * RunOptions#workerIndex()} is set, or the {@code ERGON_WORKER_INDEX} and {@code
 * ERGON_WORKER_COUNT} environment variables are): installs SIGINT/SIGTERM handlers, starts the
 * worker (connectors in order, services, task), the supervisor and the health endpoint, runs {@code
 * execute()} and {@code exit()}, closes services and connectors in reverse order, then the shutdown
 * hooks in reverse order.
 *
 * <p><b>Several workers</b> ({@code max_workers > 1}): starts that many child JVMs with this JVM's
 * own command line (java binary, JVM options, classpath, main class and arguments), so the same
 * {@code main} runs in each and, seeing its worker index, runs one worker. The parent forwards
 * SIGINT and SIGTERM, restarts nothing, and returns the worst exit code ({@link ExitCodes#worst}).
 *
 * <p><b>Shutdown</b>: the first SIGINT or SIGTERM stops fetching; fetched-but-unstarted
 * transactions are released for redelivery, in-flight ones finish; then {@code exit()}, closing and
 * the hooks run, and the code is 130 or 143. A second signal ends the process at once with 130 or
 * 143. A shutdown still running after {@link RunOptions#effectiveShutdownGrace()} ends the process
 * with 1, after logging the transactions still in flight.
 *
 * <p>Exit codes: 0 ok; 1 task failure, fetch failure, supervision-forced shutdown or overdue
 * shutdown; 2 configuration error; 130 SIGINT; 143 SIGTERM.
 */
public final class Runner {
  private static final Logger LOG = LoggerFactory.getLogger(Runner.class);

  private Runner() {}

  /**
   * Runs the task with the default options.
   *
   * @param config the task
   * @return the exit code
   */
  public static int run(TaskConfig config) {
    return run(config, RunOptions.defaults());
  }

  /**
   * Runs the task.
   *
   * @param config the task
   * @param options supervision, graces, health endpoint, hooks and collaborators
   * @return the exit code (see the class description)
   */
  public static int run(TaskConfig config, RunOptions options) {
    return run(config, options, System.getenv());
  }

  static int run(TaskConfig config, RunOptions given, Map<String, String> env) {
    RunOptions options = given.resolvedFor(config);
    WorkerIdentity identity;
    try {
      identity = WorkerIdentity.resolve(options, env, config.maxWorkers());
    } catch (ConfigurationException e) {
      LOG.error("task '{}': {}", config.name(), e.getMessage());
      return ExitCodes.CONFIGURATION;
    }
    if (identity.parent()) {
      return new WorkerProcesses(config.name(), identity.count(), options).run();
    }
    return new WorkerRun(config, options, identity, ShutdownCoordinator::haltProcess).run();
  }

  /**
   * Ends the JVM with {@code code} (running shutdown hooks), for {@code main}: {@code
   * Runner.exit(Runner.run(config))}.
   *
   * @param code the exit code
   */
  public static void exit(int code) {
    System.out.flush();
    System.err.flush();
    System.exit(code);
  }
}
