package dev.ergon.cli.config;

import dev.ergon.ConfigurationException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * The configuration of every task, read once from a YAML file, system properties and environment
 * variables (each overriding the one before), with every problem reported at once.
 *
 * <pre>{@code
 * ErgonConfiguration configuration =
 *     ErgonConfiguration.load(ConfigSources.system(null), List.of("order-processor"));
 * TaskSettings settings = configuration.task("order-processor");
 * TaskConfig effective = settings.applyTo(codeConfig);
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 */
public final class ErgonConfiguration {
  private final Map<String, TaskSettings> tasks;
  private final List<String> sources;

  private ErgonConfiguration(Map<String, TaskSettings> tasks, List<String> sources) {
    this.tasks = Map.copyOf(tasks);
    this.sources = List.copyOf(sources);
  }

  /**
   * Reads every source and interprets the task-level sections. Task names in the sources are
   * matched against {@code taskNames}; policy keys are checked later, by {@link
   * TaskSettings#applyTo}.
   *
   * @param sources where to read
   * @param taskNames the registered tasks
   * @return the configuration
   * @throws ConfigurationException when the file is missing (if required) or unreadable
   * @throws InvalidConfigurationException listing every unknown task, unknown key and bad value
   */
  public static ErgonConfiguration load(ConfigSources sources, Collection<String> taskNames) {
    List<Setting> raw = new ArrayList<>();
    List<String> read = new ArrayList<>();
    Path file = sources.file();
    if (file != null) {
      List<Setting> fromFile = YamlFile.read(file, sources.fileRequired());
      if (java.nio.file.Files.exists(file)) {
        read.add("file " + file.toAbsolutePath().normalize());
      }
      raw.addAll(fromFile);
    }
    Problems problems = new Problems();
    List<Setting> props = Overrides.properties(sources.systemProperties());
    raw.addAll(props);
    try {
      raw.addAll(Overrides.environment(sources.environment()));
    } catch (ConfigurationException e) {
      problems.add(e);
    }
    props.forEach(s -> read.add(s.source()));
    raw.stream()
        .filter(s -> s.origin() == Setting.Origin.ENVIRONMENT)
        .forEach(s -> read.add(s.source()));
    Map<String, List<Setting>> byTask = byTask(raw, taskNames, problems);
    Map<String, TaskSettings> tasks = new LinkedHashMap<>();
    for (String name : taskNames) {
      tasks.put(name, TaskSettings.from(name, byTask.getOrDefault(name, List.of()), problems));
    }
    problems.throwIfAny();
    return new ErgonConfiguration(tasks, read);
  }

  /**
   * Reads properties named {@code ergon.tasks.…} from a host's own configuration (e.g. a Spring
   * {@code Environment}), with the same key paths and checks as {@link #load}; names with dots are
   * matched as for system properties.
   *
   * @param properties property name ({@code ergon.tasks.<task>.…}) to value; others are rejected as
   *     unknown top-level keys, except that names not starting with {@code ergon.} are ignored
   * @param source describes where a property came from, for messages (e.g. {@code property
   *     ergon.tasks.orders.max_workers from application.yml})
   * @param taskNames the registered tasks
   * @return the configuration
   * @throws InvalidConfigurationException listing every unknown task, unknown key and bad value
   */
  public static ErgonConfiguration fromProperties(
      Map<String, String> properties,
      Function<String, String> source,
      Collection<String> taskNames) {
    Map<String, String> ergon = new TreeMap<>();
    properties.forEach(
        (k, v) -> {
          if (k.startsWith("ergon.")) {
            ergon.put(k, v);
          }
        });
    List<Setting> raw = new ArrayList<>();
    for (Map.Entry<String, String> e : ergon.entrySet()) {
      raw.add(
          new Setting(
              Arrays.asList(e.getKey().substring("ergon.".length()).split("\\.", -1)),
              e.getValue(),
              Setting.Origin.PROPERTY,
              source.apply(e.getKey())));
    }
    Problems problems = new Problems();
    Map<String, List<Setting>> byTask = byTask(raw, taskNames, problems);
    Map<String, TaskSettings> tasks = new LinkedHashMap<>();
    for (String name : taskNames) {
      tasks.put(name, TaskSettings.from(name, byTask.getOrDefault(name, List.of()), problems));
    }
    problems.throwIfAny();
    return new ErgonConfiguration(tasks, raw.stream().map(Setting::source).toList());
  }

  /**
   * No configuration: every task keeps its code defaults.
   *
   * @param taskNames the registered tasks
   * @return the empty configuration
   */
  public static ErgonConfiguration empty(Collection<String> taskNames) {
    return load(ConfigSources.none(), taskNames);
  }

  private static Map<String, List<Setting>> byTask(
      List<Setting> raw, Collection<String> taskNames, Problems problems) {
    Map<String, List<Setting>> byTask = new LinkedHashMap<>();
    for (Setting s : raw) {
      List<String> path = s.path();
      if (path.isEmpty()) {
        continue;
      }
      if (!path.get(0).equals("tasks")) {
        problems.add(s.problem("unknown top-level key '" + path.get(0) + "'; known keys: tasks"));
        continue;
      }
      if (path.size() == 1) {
        if (s.value() != null && !(s.value() instanceof Map<?, ?>)) {
          problems.add(s.invalid("a mapping of task names to task settings"));
        }
        continue;
      }
      Optional<Names.Match> match;
      try {
        match = Names.find(s, 1, taskNames);
      } catch (ConfigurationException e) {
        problems.add(e);
        continue;
      }
      if (match.isEmpty()) {
        problems.add(
            s.problem(
                "unknown task '" + path.get(1) + "'; known tasks: " + List.copyOf(taskNames)));
        continue;
      }
      List<String> canonical = new ArrayList<>(List.of("tasks", match.get().name()));
      canonical.addAll(path.subList(match.get().next(), path.size()));
      byTask.computeIfAbsent(match.get().name(), n -> new ArrayList<>()).add(s.withPath(canonical));
    }
    return byTask;
  }

  /**
   * One task's settings.
   *
   * @param name a task given to {@link #load}
   * @return its settings (empty when nothing configures it)
   * @throws IllegalArgumentException when the task was not given to {@link #load}
   */
  public TaskSettings task(String name) {
    TaskSettings settings = tasks.get(name);
    if (settings == null) {
      throw new IllegalArgumentException("not a registered task: " + name);
    }
    return settings;
  }

  /**
   * The sources that contributed, for messages: the file, then each property and variable read.
   *
   * @return descriptions such as {@code file /app/ergon.yaml}
   */
  public List<String> sources() {
    return sources;
  }
}
