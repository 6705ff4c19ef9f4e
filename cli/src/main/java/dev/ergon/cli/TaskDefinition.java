package dev.ergon.cli;

import dev.ergon.ConfigurationException;
import dev.ergon.cli.config.TaskSettings;
import dev.ergon.task.TaskConfig;
import java.util.Objects;
import java.util.function.Function;

/**
 * A task the CLI knows by name, and how to build its {@link TaskConfig} once the configuration has
 * been read: either a fixed configuration, or a function of the task's {@link TaskSettings}, so
 * that the free-form {@code connectors} and {@code services} sections of {@code ergon.yaml} reach
 * the code that builds the connectors.
 *
 * <pre>{@code
 * TaskDefinition orders = TaskDefinition.of("order-processor", settings ->
 *     TaskConfig.builder("order-processor")
 *         .task(OrderProcessor::new)
 *         .connector("input", () -> new RabbitConnector((String) settings.connector("input").get("queue")))
 *         .policy(ConsumerPolicy.defaults("consumer"))
 *         .build());
 * }</pre>
 *
 * @param name the task's name; the built configuration must carry the same name
 * @param factory builds the configuration from the task's settings
 */
public record TaskDefinition(String name, Function<TaskSettings, TaskConfig> factory) {

  /** Checks the fields. */
  public TaskDefinition {
    if (name == null || name.isBlank()) {
      throw new ConfigurationException("task name", name, "non-blank");
    }
    Objects.requireNonNull(factory, "factory");
  }

  /**
   * A task with a fixed configuration.
   *
   * @param config the configuration
   * @return the definition
   */
  public static TaskDefinition of(TaskConfig config) {
    return new TaskDefinition(config.name(), settings -> config);
  }

  /**
   * A task whose configuration is built from its settings.
   *
   * @param name the task's name
   * @param factory builds the configuration
   * @return the definition
   */
  public static TaskDefinition of(String name, Function<TaskSettings, TaskConfig> factory) {
    return new TaskDefinition(name, factory);
  }

  /**
   * Builds the configuration given in code (before policy keys are applied).
   *
   * @param settings the task's settings
   * @return the configuration
   * @throws ConfigurationException when the factory fails or returns another task's configuration
   */
  public TaskConfig build(TaskSettings settings) {
    TaskConfig config = factory.apply(settings);
    if (config == null || !config.name().equals(name)) {
      throw new ConfigurationException(
          "task '"
              + name
              + "': its factory built "
              + (config == null ? "nothing" : "task '" + config.name() + "'"));
    }
    return config;
  }
}
