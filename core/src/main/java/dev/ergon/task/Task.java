package dev.ergon.task;

import dev.ergon.connector.AsyncConnector;
import dev.ergon.connector.Connector;
import dev.ergon.policy.ConsumerPolicy;
import dev.ergon.policy.ProducerPolicy;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.api.trace.Tracer;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The base of every task: typed, fail-fast access to the task's connectors, services and policies
 * by name, its logger, tracer and meter, and its identity. Extend one of the six task types, not
 * this class.
 *
 * <p>Dependencies are available once the runner has bound the task's {@link TaskContext}, that is
 * from {@code execute()} and the hooks on, not in the constructor.
 */
public abstract sealed class Task
    permits ConsumerTask,
        ProducerTask,
        HybridTask,
        AsyncConsumerTask,
        AsyncProducerTask,
        AsyncHybridTask {

  private final Logger logger = LoggerFactory.getLogger(getClass());
  private final List<Ref<?>> refs = new CopyOnWriteArrayList<>();
  private volatile @Nullable TaskContext context;

  /** For subclasses. */
  protected Task() {}

  /**
   * Binds the task to its context; called once by the runner before {@code execute()}.
   *
   * @param taskContext the context
   * @throws IllegalStateException when the task is already bound
   */
  public final void bind(TaskContext taskContext) {
    synchronized (this) {
      if (context != null) {
        throw new IllegalStateException("task " + getClass().getName() + " is already bound");
      }
      context = taskContext;
    }
    for (Ref<?> ref : refs) {
      ref.resolve(taskContext); // fails fast, naming what is configured
    }
  }

  private <T> Ref<T> ref(String description, java.util.function.Function<TaskContext, T> r) {
    Ref<T> ref = new Ref<>(description, r);
    refs.add(ref);
    return ref;
  }

  /**
   * Declares a connector dependency, checked when the worker starts the task.
   *
   * @param name the connector's configured name
   * @return a reference resolved at start-up
   */
  protected final Ref<Connector> connectorRef(String name) {
    return ref("connector '" + name + "'", c -> c.connector(name));
  }

  /**
   * Declares a connector dependency of a specific type, checked when the worker starts the task.
   *
   * @param name the connector's configured name
   * @param type its expected type
   * @param <T> its expected type
   * @return a reference resolved at start-up
   */
  protected final <T> Ref<T> connectorRef(String name, Class<T> type) {
    return ref("connector '" + name + "'", c -> c.connector(name, type));
  }

  /**
   * Declares a connector dependency in its asynchronous shape.
   *
   * @param name the connector's configured name
   * @return a reference resolved at start-up
   */
  protected final Ref<AsyncConnector> asyncConnectorRef(String name) {
    return ref("connector '" + name + "'", c -> c.asyncConnector(name));
  }

  /**
   * Declares a service dependency, checked when the worker starts the task.
   *
   * @param name the service's configured name
   * @param type its expected type
   * @param <T> its expected type
   * @return a reference resolved at start-up
   */
  protected final <T> Ref<T> serviceRef(String name, Class<T> type) {
    return ref("service '" + name + "'", c -> c.service(name, type));
  }

  /**
   * Declares a consumer policy dependency, checked when the worker starts the task.
   *
   * @param name the policy's name
   * @return a reference resolved at start-up
   */
  protected final Ref<ConsumerPolicy> consumerPolicyRef(String name) {
    return ref("policy '" + name + "'", c -> c.policy(name, ConsumerPolicy.class));
  }

  /**
   * Declares a producer policy dependency, checked when the worker starts the task.
   *
   * @param name the policy's name
   * @return a reference resolved at start-up
   */
  protected final Ref<ProducerPolicy> producerPolicyRef(String name) {
    return ref("policy '" + name + "'", c -> c.policy(name, ProducerPolicy.class));
  }

  /**
   * The task's context.
   *
   * @return the context
   * @throws IllegalStateException before the runner has bound it (e.g. in the constructor)
   */
  protected final TaskContext context() {
    TaskContext c = context;
    if (c == null) {
      throw new IllegalStateException(
          "task "
              + getClass().getName()
              + " is not bound to a context yet: connectors, services and policies are available"
              + " from execute() and the hooks on, not in the constructor");
    }
    return c;
  }

  /**
   * A connector by name, as a blocking {@link Connector}.
   *
   * @param name the configured name
   * @return the connector
   */
  protected final Connector connector(String name) {
    return context().connector(name);
  }

  /**
   * A connector by name, as its own type.
   *
   * @param name the configured name
   * @param type the expected type
   * @param <T> the expected type
   * @return the connector
   */
  protected final <T> T connector(String name, Class<T> type) {
    return context().connector(name, type);
  }

  /**
   * A connector by name, as an {@link AsyncConnector}.
   *
   * @param name the configured name
   * @return the connector
   */
  protected final AsyncConnector asyncConnector(String name) {
    return context().asyncConnector(name);
  }

  /**
   * A service by name, as its own type.
   *
   * @param name the configured name
   * @param type the expected type
   * @param <T> the expected type
   * @return the service
   */
  protected final <T> T service(String name, Class<T> type) {
    return context().service(name, type);
  }

  /**
   * A consumer policy by name.
   *
   * @param name the policy name
   * @return the policy
   */
  protected final ConsumerPolicy consumerPolicy(String name) {
    return context().policy(name, ConsumerPolicy.class);
  }

  /**
   * A producer policy by name.
   *
   * @param name the policy name
   * @return the policy
   */
  protected final ProducerPolicy producerPolicy(String name) {
    return context().policy(name, ProducerPolicy.class);
  }

  /**
   * The task's logger (named after its class).
   *
   * @return the logger
   */
  protected final Logger logger() {
    return logger;
  }

  /**
   * A tracer named after the task.
   *
   * @return the tracer
   */
  protected final Tracer tracer() {
    return context().openTelemetry().getTracer("dev.ergon.task." + context().taskName());
  }

  /**
   * A meter named after the task.
   *
   * @return the meter
   */
  protected final Meter meter() {
    return context().openTelemetry().getMeter("dev.ergon.task." + context().taskName());
  }

  /**
   * This worker's index, from 0.
   *
   * @return the worker index
   */
  protected final int workerIndex() {
    return context().workerIndex();
  }

  /**
   * This run's unique id.
   *
   * @return the execution id
   */
  protected final String executionId() {
    return context().executionId();
  }

  /**
   * The task's configured name.
   *
   * @return the name
   */
  protected final String taskName() {
    return context().taskName();
  }
}
