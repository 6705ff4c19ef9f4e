package dev.ergon.cli.config;

import dev.ergon.ConfigurationException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads the overrides: system properties {@code ergon.tasks.<task>.<key>} and environment variables
 * {@code ERGON_TASKS__<TASK>__<KEY>} (see the package documentation for the mapping).
 */
final class Overrides {
  /** The prefix of the system properties read. */
  static final String PROPERTY_PREFIX = "ergon.tasks.";

  /** The prefix of the environment variables read, matched ignoring case. */
  static final String ENV_PREFIX = "ERGON_TASKS__";

  private Overrides() {}

  /**
   * Properties {@code ergon.tasks.…}: the key below {@code ergon.} split on dots. Task and policy
   * names containing dots are matched later against the known names.
   */
  static List<Setting> properties(Map<String, String> properties) {
    return new TreeMap<>(properties)
        .entrySet().stream()
            .filter(e -> e.getKey().startsWith(PROPERTY_PREFIX))
            .map(
                e ->
                    new Setting(
                        Arrays.asList(e.getKey().substring("ergon.".length()).split("\\.", -1)),
                        e.getValue(),
                        Setting.Origin.PROPERTY,
                        "system property " + e.getKey()))
            .toList();
  }

  /**
   * Environment variables {@code ERGON_TASKS__…}: split on {@code __}, each segment lower-cased.
   * Names are matched later ignoring case, with {@code -} and {@code .} read as {@code _}.
   */
  static List<Setting> environment(Map<String, String> environment) {
    return new TreeMap<>(environment)
        .entrySet().stream()
            .filter(e -> e.getKey().toUpperCase(Locale.ROOT).startsWith(ENV_PREFIX))
            .map(e -> fromEnvironment(e.getKey(), e.getValue()))
            .toList();
  }

  private static Setting fromEnvironment(String name, String value) {
    String source = "environment variable " + name;
    List<String> path =
        Arrays.stream(name.substring("ERGON_".length()).split("__", -1))
            .map(s -> s.toLowerCase(Locale.ROOT))
            .toList();
    if (path.stream().anyMatch(String::isEmpty)) {
      throw new ConfigurationException(
          Setting.printable(source)
              + ": empty key segment; segments are separated by exactly two underscores (__)");
    }
    return new Setting(path, value, Setting.Origin.ENVIRONMENT, source);
  }
}
