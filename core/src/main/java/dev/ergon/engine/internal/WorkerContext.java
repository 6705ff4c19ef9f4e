package dev.ergon.engine.internal;

import dev.ergon.ConfigurationException;
import dev.ergon.connector.AsyncConnector;
import dev.ergon.connector.Connector;
import dev.ergon.engine.Engine;
import dev.ergon.policy.Policy;
import dev.ergon.task.TaskContext;
import io.opentelemetry.api.OpenTelemetry;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/** The {@link TaskContext} of one worker: its built connectors, services and policies by name. */
public final class WorkerContext implements TaskContext {
  private final String taskName;
  private final String executionId;
  private final int workerIndex;
  private final int workerCount;
  private final Map<String, AutoCloseable> connectors;
  private final Map<String, Object> services;
  private final List<Policy> policies;
  private final Engine engine;
  private final OpenTelemetry openTelemetry;
  private final Map<String, Connector> blockingViews = new ConcurrentHashMap<>();
  private final Map<String, AsyncConnector> asyncViews = new ConcurrentHashMap<>();

  /**
   * Creates the context.
   *
   * @param taskName the task's name
   * @param executionId this run's id
   * @param workerIndex the worker index
   * @param workerCount the worker count
   * @param connectors built connectors by name, in configuration order
   * @param services built services by name, in configuration order
   * @param policies the task's policies
   * @param engine the engine
   * @param openTelemetry the worker's OpenTelemetry
   */
  public WorkerContext(
      String taskName,
      String executionId,
      int workerIndex,
      int workerCount,
      Map<String, AutoCloseable> connectors,
      Map<String, Object> services,
      List<Policy> policies,
      Engine engine,
      OpenTelemetry openTelemetry) {
    this.taskName = taskName;
    this.executionId = executionId;
    this.workerIndex = workerIndex;
    this.workerCount = workerCount;
    this.connectors = new LinkedHashMap<>(connectors);
    this.services = new LinkedHashMap<>(services);
    this.policies = List.copyOf(policies);
    this.engine = engine;
    this.openTelemetry = openTelemetry;
  }

  @Override
  public String taskName() {
    return taskName;
  }

  @Override
  public String executionId() {
    return executionId;
  }

  @Override
  public int workerIndex() {
    return workerIndex;
  }

  @Override
  public int workerCount() {
    return workerCount;
  }

  /**
   * The blocking view of a connector, which also writes the current trace context into outbound
   * transactions (see {@link TracingConnector}).
   */
  @Override
  public Connector connector(String name) {
    return blockingViews.computeIfAbsent(
        name,
        n ->
            new TracingConnector(
                switch (rawConnector(n)) {
                  case Connector c -> c;
                  case AsyncConnector a -> ConnectorAdapters.blocking(a);
                  default -> throw new IllegalStateException("not a connector: " + n);
                },
                openTelemetry.getPropagators().getTextMapPropagator()));
  }

  /**
   * The asynchronous view of a connector: the blocking view run on virtual threads (with the
   * caller's context), so that it propagates trace context the same way.
   */
  @Override
  public AsyncConnector asyncConnector(String name) {
    return asyncViews.computeIfAbsent(name, n -> ConnectorAdapters.async(connector(n)));
  }

  @Override
  public <T> T connector(String name, Class<T> type) {
    return typed("connector", name, rawConnector(name), type);
  }

  private AutoCloseable rawConnector(String name) {
    AutoCloseable c = connectors.get(name);
    if (c == null) {
      throw missing("connector", name, connectors.keySet());
    }
    return c;
  }

  @Override
  public <T> T service(String name, Class<T> type) {
    Object s = services.get(name);
    if (s == null) {
      throw missing("service", name, services.keySet());
    }
    return typed("service", name, s, type);
  }

  @Override
  public <P extends Policy> P policy(String name, Class<P> type) {
    for (Policy p : policies) {
      if (p.name().equals(name)) {
        return typed("policy", name, p, type);
      }
    }
    throw missing("policy", name, policies.stream().map(Policy::name).toList());
  }

  @Override
  public List<Policy> policies() {
    return policies;
  }

  @Override
  public String fetchConnectorName(@Nullable String configured) {
    if (configured != null) {
      rawConnector(configured);
      return configured;
    }
    if (connectors.size() == 1) {
      return connectors.keySet().iterator().next();
    }
    throw new ConfigurationException(
        "task '"
            + taskName
            + "': "
            + (connectors.isEmpty()
                ? "no connector is configured to consume from"
                : "several connectors are configured " + connectors.keySet())
            + "; set fetch.connector_name in the consumer policy");
  }

  @Override
  public Engine engine() {
    return engine;
  }

  @Override
  public OpenTelemetry openTelemetry() {
    return openTelemetry;
  }

  private <T> T typed(String kind, String name, Object value, Class<T> type) {
    if (!type.isInstance(value)) {
      throw new ConfigurationException(
          "task '"
              + taskName
              + "': "
              + kind
              + " '"
              + name
              + "' is a "
              + value.getClass().getName()
              + ", not a "
              + type.getName());
    }
    return type.cast(value);
  }

  private ConfigurationException missing(String kind, String name, Iterable<String> known) {
    return new ConfigurationException(
        "task '" + taskName + "' has no " + kind + " named '" + name + "'; configured: " + known);
  }
}
