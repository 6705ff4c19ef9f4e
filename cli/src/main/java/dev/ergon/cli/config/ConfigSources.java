package dev.ergon.cli.config;

import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * Where configuration comes from, lowest precedence first: a YAML file, system properties starting
 * with {@code ergon.tasks.}, and environment variables starting with {@code ERGON_TASKS__}. The
 * property and environment maps are injected so that tests never touch the real ones.
 *
 * <pre>{@code
 * ConfigSources sources = ConfigSources.system(null);   // ./ergon.yaml if present, real props/env
 * ConfigSources test = ConfigSources.of(Path.of("it.yaml"), true, Map.of(), Map.of("ERGON_TASKS__…", "8"));
 * }</pre>
 *
 * @param file the YAML file, or {@code null} for none
 * @param fileRequired whether a missing file is an error (an explicit {@code --config}) or is
 *     skipped (the default {@code ergon.yaml})
 * @param systemProperties the system properties
 * @param environment the environment variables
 */
public record ConfigSources(
    @Nullable Path file,
    boolean fileRequired,
    Map<String, String> systemProperties,
    Map<String, String> environment) {

  /** The file read when none is chosen: {@code ergon.yaml} in the working directory. */
  public static final String DEFAULT_FILE = "ergon.yaml";

  /** Copies the maps; their entries are read in key order, so runs are reproducible. */
  public ConfigSources {
    systemProperties = Map.copyOf(systemProperties);
    environment = Map.copyOf(environment);
  }

  /**
   * The process's sources: the given file (required) or {@code ./ergon.yaml} (optional), {@link
   * System#getProperties()} and {@link System#getenv()}.
   *
   * @param explicitFile the file chosen with {@code --config}, or {@code null} for the default
   * @return the sources
   */
  public static ConfigSources system(@Nullable Path explicitFile) {
    return of(explicitFile, properties(System.getProperties()), System.getenv());
  }

  /**
   * Sources from the given file (required) or {@code ./ergon.yaml} (optional) and the given maps.
   *
   * @param explicitFile the file chosen with {@code --config}, or {@code null} for the default
   * @param systemProperties the properties
   * @param environment the environment
   * @return the sources
   */
  public static ConfigSources of(
      @Nullable Path explicitFile,
      Map<String, String> systemProperties,
      Map<String, String> environment) {
    return explicitFile != null
        ? new ConfigSources(explicitFile, true, systemProperties, environment)
        : new ConfigSources(Path.of(DEFAULT_FILE), false, systemProperties, environment);
  }

  /**
   * No sources at all: every task keeps the policies given in code.
   *
   * @return empty sources
   */
  public static ConfigSources none() {
    return new ConfigSources(null, false, Map.of(), Map.of());
  }

  /**
   * The string entries of a {@link Properties}, sorted by key.
   *
   * @param properties the properties
   * @return a copy
   */
  public static Map<String, String> properties(Properties properties) {
    Map<String, String> m = new TreeMap<>();
    for (String name : properties.stringPropertyNames()) {
      m.put(name, properties.getProperty(name));
    }
    return m;
  }
}
