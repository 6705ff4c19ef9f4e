package dev.ergon.task;

import dev.ergon.connector.AsyncConnector;
import dev.ergon.connector.Connector;
import dev.ergon.engine.Engine;
import dev.ergon.policy.Policy;
import io.opentelemetry.api.OpenTelemetry;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What a running task can reach: its connectors, services and policies by name, its identity and
 * the engine. The runner creates one per worker and binds it to the task before {@code execute()}.
 * Every lookup of a name that is not configured fails with a {@link
 * dev.ergon.ConfigurationException} listing the names that are.
 */
public interface TaskContext {

  /**
   * The task's configured name.
   *
   * @return the name
   */
  String taskName();

  /**
   * A unique id of this run of the task (UUIDv7).
   *
   * @return the execution id
   */
  String executionId();

  /**
   * This worker's index, from 0.
   *
   * @return the index
   */
  int workerIndex();

  /**
   * How many workers run this task.
   *
   * @return the worker count
   */
  int workerCount();

  /**
   * A connector as a blocking {@link Connector} (asynchronous connectors are adapted).
   *
   * @param name the configured name
   * @return the connector
   */
  Connector connector(String name);

  /**
   * A connector as an {@link AsyncConnector} (blocking connectors are adapted).
   *
   * @param name the configured name
   * @return the connector
   */
  AsyncConnector asyncConnector(String name);

  /**
   * A connector instance as its own type, for connector-specific operations.
   *
   * @param name the configured name
   * @param type the expected type
   * @param <T> the expected type
   * @return the connector
   */
  <T> T connector(String name, Class<T> type);

  /**
   * A service instance as its own type.
   *
   * @param name the configured name
   * @param type the expected type
   * @param <T> the expected type
   * @return the service
   */
  <T> T service(String name, Class<T> type);

  /**
   * A policy by name, as its own type.
   *
   * @param name the policy name
   * @param type {@code ConsumerPolicy.class} or {@code ProducerPolicy.class}
   * @param <P> the policy type
   * @return the policy
   */
  <P extends Policy> P policy(String name, Class<P> type);

  /**
   * Every configured policy, in configuration order.
   *
   * @return the policies
   */
  List<Policy> policies();

  /**
   * The connector a consumer loop fetches from: {@code configured} when given, else the only
   * connector.
   *
   * @param configured the policy's {@code fetch.connector_name}, or null
   * @return the connector's name
   */
  String fetchConnectorName(@Nullable String configured);

  /**
   * The engine that runs this task's loops.
   *
   * @return the engine
   */
  Engine engine();

  /**
   * The OpenTelemetry instance of this worker (a no-op one unless telemetry is configured).
   *
   * @return the OpenTelemetry API entry point
   */
  OpenTelemetry openTelemetry();
}
