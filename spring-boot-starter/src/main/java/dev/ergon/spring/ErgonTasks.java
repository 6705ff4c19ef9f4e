package dev.ergon.spring;

import dev.ergon.ConfigurationException;
import dev.ergon.cli.TaskDefinition;
import dev.ergon.cli.config.ErgonConfiguration;
import dev.ergon.cli.config.InvalidConfigurationException;
import dev.ergon.cli.config.TaskSettings;
import dev.ergon.runtime.HealthReading;
import dev.ergon.spring.internal.SpringProperties;
import dev.ergon.spring.internal.TaskRun;
import dev.ergon.task.TaskConfig;
import io.opentelemetry.api.OpenTelemetry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.SmartLifecycle;

/**
 * The application's Ergon tasks, run in Spring's lifecycle: built when the context is created (so
 * that a bad key fails start-up, naming it), started when it starts, stopped gracefully when it
 * closes. Each task runs one worker in this JVM, with the application's {@link OpenTelemetry}.
 *
 * <p><b>Phase</b> {@value #PHASE} ({@link SmartLifecycle#DEFAULT_PHASE}): the tasks start after
 * every other lifecycle component (the web server included) and stop before them, so that what a
 * task uses is still up while it drains.
 *
 * <p><b>Stop</b>: {@link #stop(Runnable)} asks every task to stop fetching, releases fetched but
 * unstarted transactions for redelivery, lets in-flight ones finish, closes the task's services and
 * connectors, and then calls Spring's callback; Spring waits for it up to {@code
 * spring.lifecycle.timeout-per-shutdown-phase} (30 s by default). A task still running when the
 * context is destroyed is closed, after logging the transactions still in flight (they are left to
 * the source's redelivery).
 *
 * <p>Thread-safe.
 */
public final class ErgonTasks implements SmartLifecycle, DisposableBean {

  /** The lifecycle phase: the last to start, the first to stop. */
  public static final int PHASE = SmartLifecycle.DEFAULT_PHASE;

  private final List<TaskRun> runs;
  private volatile boolean running;

  /**
   * Binds the configuration and prepares the tasks.
   *
   * @param configs tasks given as {@link TaskConfig} beans
   * @param definitions tasks given as {@link TaskDefinition} beans (built from their settings, so
   *     that the {@code connectors} and {@code services} sections reach their code)
   * @param properties property name to value, {@code ergon.tasks.<task>.…} with {@code
   *     ergon.yaml}'s key paths; other names below {@code ergon.} are unknown keys
   * @param source describes where a property came from, for messages
   * @param openTelemetry the telemetry every task's engine records through
   * @throws InvalidConfigurationException listing every unknown task, unknown key and bad value
   */
  public ErgonTasks(
      List<TaskConfig> configs,
      List<TaskDefinition> definitions,
      Map<String, String> properties,
      Function<String, String> source,
      OpenTelemetry openTelemetry) {
    Map<String, TaskDefinition> tasks = new LinkedHashMap<>();
    List<String> problems = new ArrayList<>();
    for (TaskConfig c : configs) {
      add(tasks, TaskDefinition.of(c), problems);
    }
    for (TaskDefinition d : definitions) {
      add(tasks, d, problems);
    }
    if (!problems.isEmpty()) {
      throw new InvalidConfigurationException(problems);
    }
    ErgonConfiguration configuration =
        ErgonConfiguration.fromProperties(properties, source, tasks.keySet());
    List<TaskRun> built = new ArrayList<>();
    for (TaskDefinition d : tasks.values()) {
      try {
        built.add(new TaskRun(effective(d, configuration.task(d.name())), openTelemetry));
      } catch (InvalidConfigurationException e) {
        problems.addAll(e.problems());
      } catch (ConfigurationException e) {
        problems.add(e.getMessage());
      }
    }
    if (!problems.isEmpty()) {
      throw new InvalidConfigurationException(problems);
    }
    this.runs = List.copyOf(built);
  }

  /**
   * The tasks of a Spring environment: {@link SpringProperties} read from it.
   *
   * @param configs tasks given as {@link TaskConfig} beans
   * @param definitions tasks given as {@link TaskDefinition} beans
   * @param properties the environment's {@code ergon.…} properties
   * @param openTelemetry the telemetry
   * @return the tasks
   */
  static ErgonTasks of(
      List<TaskConfig> configs,
      List<TaskDefinition> definitions,
      SpringProperties properties,
      OpenTelemetry openTelemetry) {
    return new ErgonTasks(
        configs, definitions, properties.values(), properties::source, openTelemetry);
  }

  private static void add(
      Map<String, TaskDefinition> tasks, TaskDefinition d, List<String> problems) {
    if (tasks.putIfAbsent(d.name(), d) != null) {
      problems.add("task '" + d.name() + "' is defined by more than one bean");
    }
  }

  private static TaskConfig effective(TaskDefinition d, TaskSettings settings) {
    if (settings.telemetry().isPresent()) {
      throw new ConfigurationException(
          "tasks."
              + d.name()
              + ".telemetry is not used by the Spring Boot starter: the tasks record through the"
              + " application's OpenTelemetry bean; configure telemetry there");
    }
    TaskConfig config = settings.applyTo(d.build(settings));
    if (config.maxWorkers() != 1) {
      throw new ConfigurationException(
          "task '"
              + d.name()
              + "': max_workers = "
              + config.maxWorkers()
              + " is not supported in a Spring Boot application, which runs one worker per task;"
              + " scale with loop.concurrency or more application replicas");
    }
    return config;
  }

  /**
   * The effective configuration of every task: the code's, with the configured keys applied.
   *
   * @return the configurations, in definition order
   */
  public List<TaskConfig> tasks() {
    return runs.stream().map(TaskRun::config).toList();
  }

  /** Starts every task; if one fails to start, those already started are stopped. */
  @Override
  public synchronized void start() {
    if (running) {
      return;
    }
    List<TaskRun> started = new ArrayList<>();
    for (TaskRun r : runs) {
      try {
        r.start();
        started.add(r);
      } catch (RuntimeException e) {
        started.forEach(TaskRun::requestStop);
        ConfigurationException failed =
            new ConfigurationException(
                "task '" + r.config().name() + "' could not start: " + e.getMessage());
        failed.initCause(e);
        throw failed;
      }
    }
    running = true;
  }

  /** Stops every task and waits until they drained, at most their longest shutdown grace. */
  @Override
  public void stop() {
    stop(() -> {});
    Duration grace =
        runs.stream()
            .map(r -> r.config().supervision().shutdownGrace())
            .max(Duration::compareTo)
            .orElse(Duration.ZERO);
    try {
      for (TaskRun r : runs) {
        r.await(grace);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * Stops every task gracefully and calls {@code callback} once all have drained and closed.
   *
   * @param callback Spring's callback
   */
  @Override
  public void stop(Runnable callback) {
    running = false;
    runs.forEach(TaskRun::requestStop);
    AtomicInteger left = new AtomicInteger(runs.size());
    if (runs.isEmpty()) {
      callback.run();
      return;
    }
    for (TaskRun r : runs) {
      r.whenDone(
          () -> {
            if (left.decrementAndGet() == 0) {
              callback.run();
            }
          });
    }
  }

  /**
   * Whether the tasks were started and not stopped.
   *
   * @return true while running
   */
  @Override
  public boolean isRunning() {
    return running;
  }

  /**
   * The phase, {@link #PHASE}.
   *
   * @return the phase
   */
  @Override
  public int getPhase() {
    return PHASE;
  }

  /** Closes any task still running after the shutdown phase, logging what was in flight. */
  @Override
  public void destroy() {
    runs.forEach(TaskRun::forceClose);
  }

  /**
   * Liveness of every task, from the runtime's supervision.
   *
   * @return healthy when every task is
   */
  public ErgonHealth liveness() {
    return aggregate(
        runs.stream().map(r -> Map.entry(r.config().name(), r.health().liveness())).toList());
  }

  /**
   * Readiness of every task: started, a loop running, live and not stopping.
   *
   * @return healthy when every task is ready
   */
  public ErgonHealth readiness() {
    return aggregate(
        runs.stream().map(r -> Map.entry(r.config().name(), r.health().readiness())).toList());
  }

  private static ErgonHealth aggregate(List<Map.Entry<String, HealthReading>> verdicts) {
    Map<String, Object> tasks = new LinkedHashMap<>();
    Map.Entry<String, HealthReading> worst = null;
    for (Map.Entry<String, HealthReading> e : verdicts) {
      tasks.put(e.getKey(), e.getValue().toMap());
      if (worst == null || (worst.getValue().healthy() && !e.getValue().healthy())) {
        worst = e;
      }
    }
    if (worst == null) {
      return new ErgonHealth(true, "none", null, tasks);
    }
    HealthReading v = worst.getValue();
    return new ErgonHealth(v.healthy(), v.state(), v.reason(), tasks);
  }
}
