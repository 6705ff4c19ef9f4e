package dev.ergon.cli.config;

import dev.ergon.ConfigurationException;
import dev.ergon.policy.Policy;
import dev.ergon.task.TaskConfig;
import dev.ergon.telemetry.TelemetryConfig;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One task's configuration from every source: {@code max_workers}, {@code supervision}, the
 * free-form {@code connectors} and {@code services} sections (handed to the task's own config
 * code), and the policy keys, which {@link #applyTo(TaskConfig)} lays over the policies given in
 * code. Immutable.
 */
public final class TaskSettings {
  /** The keys allowed directly under a task. */
  public static final List<String> SECTIONS =
      List.of("max_workers", "policies", "supervision", "connectors", "services", "telemetry");

  private final String task;
  private final Optional<Setting> maxWorkers;
  private final SupervisionSettings supervision;
  private final Map<String, Object> connectors;
  private final Map<String, Object> services;
  private final List<Setting> policySettings;
  private final Map<String, Setting> supervisionKeys;
  private final Optional<TelemetryConfig> telemetry;

  private TaskSettings(
      String task,
      Optional<Setting> maxWorkers,
      SupervisionSettings supervision,
      Map<String, Setting> supervisionKeys,
      Map<String, Object> connectors,
      Map<String, Object> services,
      List<Setting> policySettings,
      Optional<TelemetryConfig> telemetry) {
    this.task = task;
    this.telemetry = telemetry;
    this.maxWorkers = maxWorkers;
    this.supervision = supervision;
    this.supervisionKeys = Map.copyOf(supervisionKeys);
    this.connectors = connectors;
    this.services = services;
    this.policySettings = List.copyOf(policySettings);
  }

  /**
   * The settings of a task nothing configures: code defaults everywhere.
   *
   * @param task the task's name
   * @return empty settings
   */
  public static TaskSettings empty(String task) {
    return new TaskSettings(
        task,
        Optional.empty(),
        SupervisionSettings.defaults(),
        Map.of(),
        Map.of(),
        Map.of(),
        List.of(),
        Optional.empty());
  }

  /**
   * Interprets a task's settings (paths {@code tasks.<task>.…}, names already resolved), recording
   * problems instead of stopping at the first.
   */
  static TaskSettings from(String task, List<Setting> settings, Problems problems) {
    Map<String, Setting> maxWorkers = new LinkedHashMap<>();
    Map<String, Setting> supervision = new LinkedHashMap<>();
    List<Setting> connectors = new ArrayList<>();
    List<Setting> services = new ArrayList<>();
    List<Setting> policies = new ArrayList<>();
    List<Setting> telemetry = new ArrayList<>();
    for (Setting s : settings) {
      List<String> path = s.path();
      if (path.size() == 2) {
        requireEmpty(
            s, "a mapping of task settings (" + String.join(", ", SECTIONS) + ")", problems);
        continue;
      }
      switch (path.get(2)) {
        case "max_workers" -> keyed(s, 3, maxWorkers, problems);
        case "supervision" -> keyed(s, 4, supervision, problems);
        case "connectors" -> connectors.add(s);
        case "services" -> services.add(s);
        case "policies" -> policies.add(s);
        case "telemetry" -> telemetry.add(s);
        default ->
            problems.add(
                s.problem(
                    "unknown key '"
                        + path.get(2)
                        + "' for task '"
                        + task
                        + "'; known keys: "
                        + String.join(", ", SECTIONS)));
      }
    }
    SupervisionSettings sup = SupervisionSettings.defaults();
    for (Map.Entry<String, Setting> e : supervision.entrySet()) {
      try {
        sup = sup.with(e.getValue().keyFrom(3), e.getValue());
      } catch (ConfigurationException ex) {
        problems.add(ex);
      }
    }
    Optional<Setting> workers = maxWorkers.values().stream().reduce((a, b) -> b);
    workers.ifPresent(s -> problems.collect(() -> workerCount(s)));
    return new TaskSettings(
        task,
        workers,
        sup,
        supervision,
        FreeForm.tree(connectors, 3),
        FreeForm.tree(services, 3),
        policies,
        TelemetrySettings.from(telemetry, problems));
  }

  /** Records a setting by key, later ones replacing earlier ones; checks the path's depth. */
  private static void keyed(Setting s, int depth, Map<String, Setting> into, Problems problems) {
    if (s.path().size() == depth) {
      into.put(s.key(), s);
    } else if (s.path().size() == depth - 1) {
      requireEmpty(s, "a mapping", problems);
    } else {
      problems.add(s.problem("unknown key '" + s.keyFrom(2) + "'"));
    }
  }

  private static void requireEmpty(Setting s, String requirement, Problems problems) {
    Object v = s.value();
    if (v != null && !(v instanceof Map<?, ?>)) {
      problems.add(s.invalid(requirement));
    }
  }

  private static int workerCount(Setting s) {
    int n = Values.integer(s);
    if (n < 1) {
      throw s.invalid(">= 1");
    }
    return n;
  }

  /**
   * The task's name.
   *
   * @return the name
   */
  public String task() {
    return task;
  }

  /**
   * The configured {@code max_workers}, if any.
   *
   * @return the worker count, or empty to keep the one given in code
   */
  public Optional<Integer> maxWorkers() {
    return maxWorkers.map(TaskSettings::workerCount);
  }

  /**
   * The {@code telemetry} section as the configuration each worker installs, when present.
   *
   * @return the telemetry configuration, or empty
   */
  public Optional<TelemetryConfig> telemetry() {
    return telemetry;
  }

  /**
   * The {@code supervision} section, over the defaults.
   *
   * @return the supervision settings
   */
  public SupervisionSettings supervision() {
    return supervision;
  }

  /**
   * The free-form {@code connectors} section: connector name to its settings, nested as in YAML.
   * Values are YAML scalars, or strings when they come from properties or the environment.
   *
   * @return an unmodifiable map
   */
  public Map<String, Object> connectors() {
    return connectors;
  }

  /**
   * One connector's free-form settings.
   *
   * @param name the connector's name
   * @return its settings, or an empty map when none are configured
   */
  @SuppressWarnings("unchecked")
  public Map<String, Object> connector(String name) {
    return connectors.get(name) instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
  }

  /**
   * The free-form {@code services} section, like {@link #connectors()}.
   *
   * @return an unmodifiable map
   */
  public Map<String, Object> services() {
    return services;
  }

  /**
   * Lays the configured policy keys and {@code max_workers} over a task configuration given in
   * code. Every key is checked against the policy's kind; an unknown policy, an unknown key and an
   * invalid value each fail, naming the full key, the value and the source. Every problem is
   * reported, not just the first.
   *
   * @param code the task configuration from code; its name must be this task's
   * @return a new configuration with the configured values
   * @throws InvalidConfigurationException listing every problem
   */
  public TaskConfig applyTo(TaskConfig code) {
    if (!code.name().equals(task)) {
      throw new IllegalArgumentException(
          "settings of task '" + task + "' applied to task '" + code.name() + "'");
    }
    Problems problems = new Problems();
    Map<String, Map<String, Setting>> byPolicy = policyKeys(code, problems);
    List<Policy> policies = new ArrayList<>();
    for (Policy p : code.policies()) {
      Policy applied = p;
      for (Map.Entry<String, Setting> e : byPolicy.getOrDefault(p.name(), Map.of()).entrySet()) {
        try {
          applied = PolicyKeys.apply(applied, e.getKey(), e.getValue());
        } catch (ConfigurationException ex) {
          problems.add(ex);
        }
      }
      policies.add(applied);
    }
    int workers = code.maxWorkers();
    try {
      workers = maxWorkers().orElse(workers);
    } catch (ConfigurationException e) {
      problems.add(e);
    }
    // the supervision keys laid over the code's supervision (they were checked when loaded)
    SupervisionSettings sup = SupervisionSettings.of(code.supervision());
    for (Setting s : supervisionKeys.values()) {
      try {
        sup = sup.with(s.keyFrom(3), s);
      } catch (ConfigurationException ex) {
        problems.add(ex);
      }
    }
    problems.throwIfAny();
    try {
      return new TaskConfig(
          code.name(),
          code.task(),
          workers,
          code.connectors(),
          code.services(),
          policies,
          sup.toPolicy());
    } catch (ConfigurationException e) {
      throw new InvalidConfigurationException(
          List.of(
              Setting.printable(
                  "task '"
                      + task
                      + "' after applying configuration: "
                      + e.getMessage()
                      + " (configured by: "
                      + String.join(", ", sources())
                      + ")")));
    }
  }

  /** The distinct sources of this task's settings, for a problem of their combination. */
  private List<String> sources() {
    List<String> out = new ArrayList<>();
    maxWorkers.ifPresent(s -> out.add(s.source()));
    supervisionKeys.values().forEach(s -> out.add(s.source()));
    policySettings.forEach(s -> out.add(s.source()));
    return out.stream().distinct().toList();
  }

  /** Resolves the policy names and groups the keys by policy, later sources winning. */
  private Map<String, Map<String, Setting>> policyKeys(TaskConfig code, Problems problems) {
    List<String> names = code.policies().stream().map(Policy::name).toList();
    Map<String, Map<String, Setting>> byPolicy = new LinkedHashMap<>();
    for (Setting s : policySettings) {
      if (s.path().size() == 3) {
        requireEmpty(s, "a mapping of policy names to policy keys", problems);
        continue;
      }
      Optional<Names.Match> match;
      try {
        match = Names.find(s, 3, names);
      } catch (ConfigurationException e) {
        problems.add(e);
        continue;
      }
      if (match.isEmpty()) {
        problems.add(
            s.problem(
                "task '"
                    + task
                    + "' has no policy '"
                    + s.path().get(3)
                    + "'; its policies: "
                    + names));
        continue;
      }
      List<String> canonical = new ArrayList<>(s.path().subList(0, 3));
      canonical.add(match.get().name());
      List<String> keyPath = s.path().subList(match.get().next(), s.path().size());
      canonical.addAll(keyPath);
      Setting resolved = s.withPath(canonical);
      String key = String.join(".", keyPath);
      if (s.value() instanceof Map<?, ?> && isPrefixOfKnown(code, match.get().name(), key)) {
        continue; // an empty mapping such as "loop: {}"
      }
      byPolicy.computeIfAbsent(match.get().name(), n -> new LinkedHashMap<>()).put(key, resolved);
    }
    return byPolicy;
  }

  private static boolean isPrefixOfKnown(TaskConfig code, String policy, String key) {
    if (key.isEmpty()) {
      return true;
    }
    return code.policies().stream()
        .filter(p -> p.name().equals(policy))
        .flatMap(p -> PolicyKeys.known(p).stream())
        .anyMatch(k -> k.startsWith(key + "."));
  }
}
