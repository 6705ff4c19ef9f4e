package dev.ergon.test;

import dev.ergon.connector.AsyncConnector;
import dev.ergon.connector.Connector;
import dev.ergon.engine.InstrumentationOptions;
import dev.ergon.engine.Outcome;
import dev.ergon.engine.Worker;
import dev.ergon.engine.WorkerOptions;
import dev.ergon.engine.WorkerResult;
import dev.ergon.policy.Policy;
import dev.ergon.task.Task;
import dev.ergon.task.TaskConfig;
import dev.ergon.time.TimeSource;
import dev.ergon.transaction.Transaction;
import io.opentelemetry.api.OpenTelemetry;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Runs a task in-process against connectors and services the test holds, and returns what happened
 * to every transaction. The connector instances are the test's own (usually {@link
 * InMemoryConnector}s), so the test can feed them before and inspect them after.
 *
 * <pre>{@code
 * InMemoryConnector input = InMemoryConnector.of(Transaction.of("tx-1", order));
 * HarnessRun run = TaskHarness.of(OrderProcessor::new)
 *     .connector("input", input)
 *     .policy(ConsumerPolicy.builder("consumer").processRetry(retryTwice).build())
 *     .run();
 * assertThat(run.outcome("tx-1")).isInstanceOf(Outcome.Succeeded.class);
 * assertThat(input.acknowledged()).hasSize(1);
 * }</pre>
 *
 * <p>Not thread-safe; build one per test.
 */
public final class TaskHarness {
  private final TaskConfig.Builder config;
  private TimeSource time = TimeSource.system();
  private OpenTelemetry openTelemetry = OpenTelemetry.noop();
  private InstrumentationOptions instrumentation = InstrumentationOptions.defaults();

  private TaskHarness(Supplier<? extends Task> task) {
    this.config = TaskConfig.builder("harness").task(task);
  }

  /**
   * A harness for the task built by {@code task}.
   *
   * @param task builds the task, e.g. {@code OrderProcessor::new}
   * @return a new harness
   */
  public static TaskHarness of(Supplier<? extends Task> task) {
    return new TaskHarness(Objects.requireNonNull(task, "task"));
  }

  /**
   * Adds a connector instance under {@code name}.
   *
   * @param name the connector's name
   * @param connector the instance the task will use
   * @return this harness
   */
  public TaskHarness connector(String name, Connector connector) {
    config.connector(name, () -> connector);
    return this;
  }

  /**
   * Adds an asynchronous connector instance under {@code name}.
   *
   * @param name the connector's name
   * @param connector the instance the task will use
   * @return this harness
   */
  public TaskHarness asyncConnector(String name, AsyncConnector connector) {
    config.asyncConnector(name, () -> connector);
    return this;
  }

  /**
   * Adds a service instance under {@code name}.
   *
   * @param name the service's name
   * @param service the instance the task will use
   * @return this harness
   */
  public TaskHarness service(String name, Object service) {
    config.service(name, () -> service);
    return this;
  }

  /**
   * Adds policies.
   *
   * @param policies consumer or producer policies
   * @return this harness
   */
  public TaskHarness policy(Policy... policies) {
    config.policy(policies);
    return this;
  }

  /**
   * Uses {@code timeSource} for every delay, e.g. a {@link ManualClock} so that backoffs take no
   * time and can be asserted.
   *
   * @param timeSource the time source
   * @return this harness
   */
  public TaskHarness timeSource(TimeSource timeSource) {
    this.time = Objects.requireNonNull(timeSource, "timeSource");
    return this;
  }

  /**
   * Records spans and metrics with {@code openTelemetry}, e.g. a {@link TelemetryRecorder}'s.
   *
   * @param openTelemetry the OpenTelemetry instance
   * @return this harness
   */
  public TaskHarness openTelemetry(OpenTelemetry openTelemetry) {
    this.openTelemetry = Objects.requireNonNull(openTelemetry, "openTelemetry");
    return this;
  }

  /**
   * Traces with these options (which attempts get spans, how trace context is continued).
   *
   * @param options the options
   * @return this harness
   */
  public TaskHarness instrumentation(InstrumentationOptions options) {
    this.instrumentation = Objects.requireNonNull(options, "instrumentation");
    return this;
  }

  private WorkerOptions options() {
    return WorkerOptions.defaults()
        .withTimeSource(time)
        .withOpenTelemetry(openTelemetry)
        .withInstrumentation(instrumentation);
  }

  /**
   * Starts a worker, runs the task's {@code execute()} and {@code exit()}, closes the worker.
   *
   * @return the worker result and every transaction's outcome
   */
  public HarnessRun run() {
    Map<String, Outcome> outcomes = new ConcurrentHashMap<>();
    WorkerOptions options = options().withOutcomeListener((tx, o) -> outcomes.put(tx.id(), o));
    try (Worker worker = Worker.start(config.build(), options)) {
      WorkerResult result = worker.execute();
      return new HarnessRun(result, outcomes);
    }
  }

  /**
   * Runs the consumer lifecycle once on {@code transaction} with the named policy (as {@code
   * process-transaction} does), then closes the worker.
   *
   * @param policyName a consumer policy of the task
   * @param transaction the transaction
   * @return its outcome
   * @throws InterruptedException when interrupted while waiting
   */
  public Outcome process(String policyName, Transaction transaction) throws InterruptedException {
    try (Worker worker = Worker.start(config.build(), options())) {
      return worker.processTransaction(policyName, transaction);
    }
  }
}
