package dev.ergon.task;

import dev.ergon.ConfigurationException;
import dev.ergon.connector.AsyncConnector;
import dev.ergon.connector.Connector;
import dev.ergon.policy.ConsumerPolicy;
import dev.ergon.policy.Policy;
import dev.ergon.policy.SupervisionPolicy;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Everything needed to run a task: its name, how to build it, how many workers, its named
 * connectors and services (each built per worker, in this order) and its policies. Checked when
 * built: at least one connector or service, {@code max_workers >= 1}, unique names, and every
 * consumer policy's fetch connector exists.
 *
 * <pre>{@code
 * TaskConfig config = TaskConfig.builder("order-processor")
 *     .task(OrderProcessor::new)
 *     .connector("input", () -> new InMemoryConnector())
 *     .connector("output", () -> new InMemoryConnector())
 *     .policy(ConsumerPolicy.builder("consumer").concurrency(5).fetchConnector("input").build())
 *     .build();
 * }</pre>
 *
 * @param name the task's name (metrics, logs, CLI)
 * @param task builds one task instance per worker
 * @param maxWorkers how many workers run the task, at least 1
 * @param connectors named connectors, in start-up order
 * @param services named services, started after the connectors
 * @param policies the task's policies
 * @param supervision liveness supervision of the task's workers (used by the runtime)
 */
public record TaskConfig(
    String name,
    Supplier<? extends Task> task,
    int maxWorkers,
    List<ConnectorConfig> connectors,
    List<ServiceConfig> services,
    List<Policy> policies,
    SupervisionPolicy supervision) {

  /** Validates the configuration; messages name the task, the field and the value. */
  public TaskConfig {
    if (name == null || name.isBlank()) {
      throw new ConfigurationException("name", name, "non-blank");
    }
    Objects.requireNonNull(task, () -> "task '" + name + "': task factory");
    Objects.requireNonNull(supervision, () -> "task '" + name + "': supervision");
    if (maxWorkers < 1) {
      throw new ConfigurationException("task '" + name + "': max_workers", maxWorkers, ">= 1");
    }
    connectors = List.copyOf(connectors);
    services = List.copyOf(services);
    policies = List.copyOf(policies);
    if (connectors.isEmpty() && services.isEmpty()) {
      throw new ConfigurationException(
          "task '" + name + "' must define at least one connector or service");
    }
    unique(name, "connector", connectors.stream().map(ConnectorConfig::name).toList());
    unique(name, "service", services.stream().map(ServiceConfig::name).toList());
    unique(name, "policy", policies.stream().map(Policy::name).toList());
    List<String> connectorNames = connectors.stream().map(ConnectorConfig::name).toList();
    for (Policy p : policies) {
      if (p instanceof ConsumerPolicy c) {
        checkFetchConnector(name, c, connectorNames);
      }
    }
  }

  private static void unique(String task, String kind, List<String> names) {
    Set<String> seen = new HashSet<>();
    for (String n : names) {
      if (!seen.add(n)) {
        throw new ConfigurationException(
            "task '" + task + "': " + kind + " name '" + n + "' is used twice");
      }
    }
  }

  private static void checkFetchConnector(String task, ConsumerPolicy p, List<String> names) {
    String wanted = p.fetch().connectorName();
    if (wanted != null && !names.contains(wanted)) {
      throw new ConfigurationException(
          "task '"
              + task
              + "', policy '"
              + p.name()
              + "': fetch.connector_name '"
              + wanted
              + "' is not a configured connector; configured: "
              + names);
    }
    if (wanted == null && names.size() > 1) {
      throw new ConfigurationException(
          "task '"
              + task
              + "', policy '"
              + p.name()
              + "': several connectors are configured "
              + names
              + ", so fetch.connector_name must name the one to consume from");
    }
  }

  /**
   * A configuration without supervision settings: the default {@link SupervisionPolicy}.
   *
   * @param name the task's name
   * @param task builds one task instance per worker
   * @param maxWorkers how many workers, at least 1
   * @param connectors named connectors, in start-up order
   * @param services named services
   * @param policies the task's policies
   */
  public TaskConfig(
      String name,
      Supplier<? extends Task> task,
      int maxWorkers,
      List<ConnectorConfig> connectors,
      List<ServiceConfig> services,
      List<Policy> policies) {
    this(name, task, maxWorkers, connectors, services, policies, SupervisionPolicy.defaults());
  }

  /**
   * A copy with other policies (same names checked again).
   *
   * @param newPolicies the policies
   * @return the copy
   */
  public TaskConfig withPolicies(List<Policy> newPolicies) {
    return new TaskConfig(name, task, maxWorkers, connectors, services, newPolicies, supervision);
  }

  /**
   * A copy with other supervision settings.
   *
   * @param value the supervision policy
   * @return the copy
   */
  public TaskConfig withSupervision(SupervisionPolicy value) {
    return new TaskConfig(name, task, maxWorkers, connectors, services, policies, value);
  }

  /**
   * A builder.
   *
   * @param name the task's name
   * @return a new builder
   */
  public static Builder builder(String name) {
    return new Builder(name);
  }

  /** Builds a {@link TaskConfig}. Not thread-safe. */
  public static final class Builder {
    private final String name;
    private Supplier<? extends Task> task =
        () -> {
          throw new ConfigurationException("task: no task factory was set");
        };
    private boolean taskSet;
    private int maxWorkers = 1;
    private final List<ConnectorConfig> connectors = new ArrayList<>();
    private final List<ServiceConfig> services = new ArrayList<>();
    private final List<Policy> policies = new ArrayList<>();
    private SupervisionPolicy supervision = SupervisionPolicy.defaults();

    private Builder(String name) {
      this.name = name;
    }

    /**
     * How to build the task (one instance per worker), e.g. {@code OrderProcessor::new}.
     *
     * @param factory the task factory
     * @return this builder
     */
    public Builder task(Supplier<? extends Task> factory) {
      this.task = Objects.requireNonNull(factory, "task");
      this.taskSet = true;
      return this;
    }

    /**
     * How many workers run the task (default 1).
     *
     * @param value at least 1
     * @return this builder
     */
    public Builder maxWorkers(int value) {
      if (value < 1) {
        throw new ConfigurationException("task '" + name + "': max_workers", value, ">= 1");
      }
      this.maxWorkers = value;
      return this;
    }

    /**
     * Adds a blocking connector.
     *
     * @param connectorName its name
     * @param factory builds one per worker
     * @return this builder
     */
    public Builder connector(String connectorName, Supplier<? extends Connector> factory) {
      connectors.add(ConnectorConfig.of(connectorName, factory));
      return this;
    }

    /**
     * Adds an asynchronous connector.
     *
     * @param connectorName its name
     * @param factory builds one per worker
     * @return this builder
     */
    public Builder asyncConnector(
        String connectorName, Supplier<? extends AsyncConnector> factory) {
      connectors.add(ConnectorConfig.async(connectorName, factory));
      return this;
    }

    /**
     * Adds a service.
     *
     * @param serviceName its name
     * @param factory builds one per worker
     * @return this builder
     */
    public Builder service(String serviceName, Supplier<?> factory) {
      services.add(new ServiceConfig(serviceName, factory));
      return this;
    }

    /**
     * Adds policies.
     *
     * @param values consumer or producer policies
     * @return this builder
     */
    public Builder policy(Policy... values) {
      policies.addAll(List.of(values));
      return this;
    }

    /**
     * Liveness supervision of the task's workers (default {@link SupervisionPolicy#defaults()}).
     *
     * @param value the supervision policy
     * @return this builder
     */
    public Builder supervision(SupervisionPolicy value) {
      this.supervision = Objects.requireNonNull(value, "supervision");
      return this;
    }

    /**
     * Builds and validates the configuration.
     *
     * @return the configuration
     * @throws ConfigurationException when it is invalid
     */
    public TaskConfig build() {
      if (!taskSet) {
        throw new ConfigurationException(
            "task '" + name + "': no task factory; call task(MyTask::new)");
      }
      return new TaskConfig(name, task, maxWorkers, connectors, services, policies, supervision);
    }
  }
}
