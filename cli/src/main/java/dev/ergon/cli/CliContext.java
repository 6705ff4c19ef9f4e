package dev.ergon.cli;

import dev.ergon.ConfigurationException;
import dev.ergon.cli.config.ConfigSources;
import dev.ergon.cli.config.ErgonConfiguration;
import dev.ergon.cli.config.InvalidConfigurationException;
import dev.ergon.cli.config.TaskSettings;
import dev.ergon.policy.ConsumerPolicy;
import dev.ergon.policy.Policy;
import dev.ergon.task.TaskConfig;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;

/** What every command shares: the registered tasks, the configuration sources and the streams. */
final class CliContext {
  private final Map<String, TaskDefinition> tasks;
  private final Map<String, String> systemProperties;
  private final Map<String, String> environment;
  private final TaskLauncher launcher;
  private final boolean terminal;
  private final LongSupplier nanoTime;
  private final Duration progressInterval;
  final PrintWriter out;
  final PrintWriter err;

  CliContext(
      Map<String, TaskDefinition> tasks,
      Map<String, String> systemProperties,
      Map<String, String> environment,
      TaskLauncher launcher,
      boolean terminal,
      LongSupplier nanoTime,
      Duration progressInterval,
      PrintWriter out,
      PrintWriter err) {
    this.tasks = tasks;
    this.systemProperties = systemProperties;
    this.environment = environment;
    this.launcher = launcher;
    this.terminal = terminal;
    this.nanoTime = nanoTime;
    this.progressInterval = progressInterval;
    this.out = out;
    this.err = err;
  }

  List<String> taskNames() {
    return List.copyOf(tasks.keySet());
  }

  TaskLauncher launcher() {
    return launcher;
  }

  ProgressReporter progress(boolean enabled) {
    return new ProgressReporter(out, enabled && terminal, nanoTime, progressInterval);
  }

  boolean terminal() {
    return terminal;
  }

  /** Reads the configuration sources. */
  ErgonConfiguration configuration(@Nullable Path file) {
    return ErgonConfiguration.load(
        ConfigSources.of(file, systemProperties, environment), tasks.keySet());
  }

  /**
   * Builds every task's effective configuration: the code's configuration with the configured keys
   * applied. Every task is checked, so a broken key anywhere fails at start-up.
   *
   * @throws InvalidConfigurationException listing every problem of every task
   */
  Map<String, Effective> effectiveTasks(@Nullable Path file) {
    ErgonConfiguration configuration = configuration(file);
    Map<String, Effective> out = new LinkedHashMap<>();
    List<String> problems = new ArrayList<>();
    for (TaskDefinition d : tasks.values()) {
      TaskSettings settings = configuration.task(d.name());
      try {
        out.put(d.name(), new Effective(settings.applyTo(d.build(settings)), settings));
      } catch (InvalidConfigurationException e) {
        problems.addAll(e.problems());
      } catch (ConfigurationException e) {
        problems.add(e.getMessage());
      }
    }
    if (!problems.isEmpty()) {
      throw new InvalidConfigurationException(problems);
    }
    return out;
  }

  /** One task's effective configuration, checking the name first. */
  Effective task(String name, @Nullable Path file) {
    requireTask(name);
    return effectiveTasks(file).get(name);
  }

  void requireTask(String name) {
    if (!tasks.containsKey(name)) {
      throw new CliException(
          ExitCodes.INVALID,
          "unknown task '"
              + name
              + "'; known tasks: "
              + (tasks.isEmpty() ? "none registered" : String.join(", ", tasks.keySet())));
    }
  }

  /** The named policy of a task; unknown names fail with exit 2, listing the task's policies. */
  static Policy policy(TaskConfig config, String name) {
    return config.policies().stream()
        .filter(p -> p.name().equals(name))
        .findFirst()
        .orElseThrow(
            () ->
                new CliException(
                    ExitCodes.INVALID,
                    "task '"
                        + config.name()
                        + "' has no policy '"
                        + name
                        + "'; its policies: "
                        + describe(config.policies())));
  }

  /** The named consumer policy; a producer policy fails with exit 2, listing the consumer ones. */
  static ConsumerPolicy consumerPolicy(TaskConfig config, String name) {
    if (policy(config, name) instanceof ConsumerPolicy c) {
      return c;
    }
    List<Policy> consumers =
        config.policies().stream().filter(p -> p instanceof ConsumerPolicy).toList();
    throw new CliException(
        ExitCodes.INVALID,
        "policy '"
            + name
            + "' of task '"
            + config.name()
            + "' is a producer policy; transactions are processed with a consumer policy: "
            + describe(consumers));
  }

  static String describe(List<Policy> policies) {
    if (policies.isEmpty()) {
      return "none";
    }
    return String.join(", ", policies.stream().map(p -> p.name() + " (" + kind(p) + ")").toList());
  }

  static String kind(Policy p) {
    return p instanceof ConsumerPolicy ? "consumer" : "producer";
  }

  /**
   * A task's effective configuration and its settings.
   *
   * @param config the configuration with the configured keys applied
   * @param settings the task's settings
   */
  record Effective(TaskConfig config, TaskSettings settings) {}
}
