package dev.ergon.engine;

import dev.ergon.ConfigurationException;
import dev.ergon.connector.Connector;
import dev.ergon.engine.internal.WorkerContext;
import dev.ergon.policy.ConsumerPolicy;
import dev.ergon.task.ConnectorConfig;
import dev.ergon.task.ServiceConfig;
import dev.ergon.task.Task;
import dev.ergon.task.TaskConfig;
import dev.ergon.task.Tasks;
import dev.ergon.transaction.Transaction;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Scope;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One worker of a task: builds its connectors (in configuration order), its services and the task,
 * binds the task's context, and runs it; {@link #close()} closes everything in reverse order. A
 * resource that was built is closed even when a later one failed to build.
 *
 * <pre>{@code
 * try (Worker worker = Worker.start(config)) {
 *   WorkerResult result = worker.execute();
 * }
 * }</pre>
 *
 * <p>{@link #stop()} may be called from any thread (a signal handler, a test).
 */
public final class Worker implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Worker.class);

  private final TaskConfig config;
  private final Engine engine;
  private final Map<String, AutoCloseable> connectors;
  private final Map<String, Object> services;
  private final Task task;
  private final WorkerContext context;
  private final OpenTelemetry openTelemetry;
  private boolean closed;

  private Worker(
      TaskConfig config,
      WorkerOptions options,
      Engine engine,
      Map<String, AutoCloseable> connectors,
      Map<String, Object> services) {
    this.config = config;
    this.engine = engine;
    this.connectors = connectors;
    this.services = services;
    this.openTelemetry = options.openTelemetry();
    this.context =
        new WorkerContext(
            config.name(),
            options.executionId(),
            options.workerIndex(),
            options.workerCount(),
            connectors,
            services,
            config.policies(),
            engine,
            options.openTelemetry());
    Task t = config.task().get();
    if (t == null) {
      throw new ConfigurationException(
          "task '" + config.name() + "': the task factory returned null");
    }
    t.bind(context);
    this.task = t;
  }

  /**
   * Starts a worker with default options (worker 0 of 1, system time, no-op telemetry).
   *
   * @param config the task configuration
   * @return the started worker
   */
  public static Worker start(TaskConfig config) {
    return start(config, WorkerOptions.defaults());
  }

  /**
   * Starts a worker: connectors, services, then the task. On failure everything already built is
   * closed in reverse order and the failure is rethrown.
   *
   * @param config the task configuration
   * @param options this worker's identity, time and listeners
   * @return the started worker
   */
  public static Worker start(TaskConfig config, WorkerOptions options) {
    Engine engine =
        Engine.builder(config.name())
            .timeSource(options.timeSource())
            .stopSignal(options.stopSignal())
            .outcomeListener(options.outcomeListener())
            .openTelemetry(options.openTelemetry())
            .instrumentation(options.instrumentation())
            .build();
    Map<String, AutoCloseable> connectors = new LinkedHashMap<>();
    Map<String, Object> services = new LinkedHashMap<>();
    try {
      for (ConnectorConfig c : config.connectors()) {
        connectors.put(c.name(), c.create());
      }
      for (ServiceConfig s : config.services()) {
        services.put(s.name(), s.create());
      }
      return new Worker(config, options, engine, connectors, services);
    } catch (RuntimeException | Error e) {
      closeAll(config.name(), connectors, services);
      engine.close();
      throw e;
    }
  }

  /**
   * Runs the task's {@code execute()}, then {@code exit()} whatever happened.
   *
   * @return the loops' reports and the failure of {@code execute()}, if any
   */
  public WorkerResult execute() {
    Throwable failure = null;
    Span run =
        openTelemetry
            .getTracer("dev.ergon.engine")
            .spanBuilder("ergon.task")
            .setAttribute("ergon.task.name", config.name())
            .setAttribute("ergon.execution.id", context.executionId())
            .setAttribute("ergon.worker.index", (long) context.workerIndex())
            .startSpan();
    try (Scope ignored = run.makeCurrent()) {
      Tasks.execute(task);
    } catch (Exception e) {
      failure = e;
      run.recordException(e);
      run.setStatus(StatusCode.ERROR, "execute failed");
      LOG.error("task '{}' failed", config.name(), e);
    } finally {
      try (Scope ignored = run.makeCurrent()) {
        runExit();
      }
      run.end();
    }
    return new WorkerResult(engine.reports(), failure);
  }

  private void runExit() {
    try {
      Tasks.exit(task);
    } catch (Exception e) {
      LOG.error("task '{}': exit() failed", config.name(), e);
    }
  }

  /**
   * Runs the consumer lifecycle once on {@code transaction} with the named consumer policy: its
   * retries and runtime timeout apply; nothing is settled, since it came from no connector.
   *
   * @param policyName a consumer policy of the task
   * @param transaction the transaction
   * @return the outcome
   * @throws InterruptedException when interrupted while waiting
   */
  public Outcome processTransaction(String policyName, Transaction transaction)
      throws InterruptedException {
    ConsumerPolicy policy = context.policy(policyName, ConsumerPolicy.class);
    return engine.process(Tasks.consumerHooks(task), policy, transaction, null, "none");
  }

  /**
   * Resolves a transaction by id through the policy's fetch connector and runs the consumer
   * lifecycle once on it, with settlement.
   *
   * @param policyName a consumer policy of the task
   * @param transactionId the id to resolve
   * @return the outcome
   * @throws TransactionNotFoundException when the connector has no such transaction
   * @throws dev.ergon.connector.UnsupportedCapabilityException when the connector cannot resolve
   *     ids
   * @throws Exception when the connector fails
   */
  public Outcome processTransactionById(String policyName, String transactionId) throws Exception {
    ConsumerPolicy policy = context.policy(policyName, ConsumerPolicy.class);
    String name = context.fetchConnectorName(policy.fetch().connectorName());
    Connector source = context.connector(name);
    Transaction tx =
        source
            .resolveTransaction(transactionId)
            .orElseThrow(() -> new TransactionNotFoundException(transactionId, name));
    return engine.process(Tasks.consumerHooks(task), policy, tx, source, name);
  }

  /** Asks the task's loops to stop (see {@link Engine#stop()}). Idempotent, any thread. */
  public void stop() {
    engine.stop();
  }

  /**
   * The task instance.
   *
   * @return the task
   */
  public Task task() {
    return task;
  }

  /**
   * The engine running the task's loops.
   *
   * @return the engine
   */
  public Engine engine() {
    return engine;
  }

  /**
   * Each connector's health details ({@link dev.ergon.connector.Connector#health()}), by name, for
   * liveness checks and health endpoints. A connector whose health call fails reports {@code
   * error}.
   *
   * @return an immutable map from connector name to its details
   */
  public Map<String, Map<String, Object>> connectorHealth() {
    Map<String, Map<String, Object>> health = new LinkedHashMap<>();
    connectors.forEach(
        (name, c) -> {
          try {
            health.put(
                name,
                switch (c) {
                  case Connector b -> b.health();
                  case dev.ergon.connector.AsyncConnector a -> a.health();
                  default -> Map.of();
                });
          } catch (RuntimeException e) {
            health.put(name, Map.of("error", String.valueOf(e)));
          }
        });
    return Map.copyOf(health);
  }

  /**
   * The task's configuration.
   *
   * @return the configuration
   */
  public TaskConfig config() {
    return config;
  }

  /** Closes services, then connectors, in reverse configuration order; logs close failures. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    closeAll(config.name(), connectors, services);
    engine.close();
  }

  private static void closeAll(
      String task, Map<String, AutoCloseable> connectors, Map<String, Object> services) {
    List<Map.Entry<String, ?>> all = new ArrayList<>();
    all.addAll(connectors.entrySet());
    all.addAll(services.entrySet());
    for (int i = all.size() - 1; i >= 0; i--) {
      Map.Entry<String, ?> e = all.get(i);
      if (e.getValue() instanceof AutoCloseable c) {
        try {
          c.close();
        } catch (Exception ex) {
          LOG.warn("task '{}': closing '{}' failed", task, e.getKey(), ex);
        }
      }
    }
  }
}
