package dev.ergon.spring.internal;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/**
 * The {@code ergon.…} properties of a Spring environment, with the property source each value comes
 * from (the one of highest precedence), for the configuration's messages. Names are translated from
 * Spring's relaxed spellings (kebab-case, camelCase, {@code ERGON_TASKS_…} environment variables)
 * to {@code ergon.yaml}'s key paths by {@link RelaxedNames}; two spellings of one key are one key,
 * the source of higher precedence winning.
 *
 * @param values property name ({@code ergon.yaml} spelling) to resolved value
 * @param sources property name to e.g. {@code property ergon.tasks.orders.max_workers from Config
 *     resource 'class path resource [application.yml]'}
 */
public record SpringProperties(Map<String, String> values, Map<String, String> sources) {

  /** The property that turns the starter off; read by the auto-configuration, not bound. */
  public static final String ENABLED = "ergon.enabled";

  /**
   * The property that routes the engine's metrics to Micrometer; read by the starter, not bound.
   */
  public static final String MICROMETER_METRICS = "ergon.metrics.micrometer";

  /** Copies the maps. */
  public SpringProperties {
    values = Map.copyOf(values);
    sources = Map.copyOf(sources);
  }

  /** The prefix of the environment variables read (Spring's mapping of {@code ergon.tasks.}). */
  public static final String ENVIRONMENT_PREFIX = "ERGON_TASKS_";

  /**
   * Reads every enumerable property source, highest precedence first: names below {@code ergon.},
   * and in environment sources variables below {@value #ENVIRONMENT_PREFIX} (other {@code ERGON_…}
   * variables belong to the command line and are not read).
   *
   * @param environment the application's environment
   * @param tasks the names of the application's tasks
   * @return the properties below {@code ergon.}, except {@value #ENABLED} and {@value
   *     #MICROMETER_METRICS}
   */
  public static SpringProperties of(ConfigurableEnvironment environment, Collection<String> tasks) {
    Map<String, String> values = new LinkedHashMap<>();
    Map<String, String> sources = new LinkedHashMap<>();
    for (PropertySource<?> source : environment.getPropertySources()) {
      if (!(source instanceof EnumerablePropertySource<?> e)
          || "configurationProperties".equals(source.getName())) {
        continue;
      }
      boolean env = source instanceof SystemEnvironmentPropertySource;
      for (String raw : e.getPropertyNames()) {
        String name;
        if (raw.equals(MICROMETER_METRICS)) {
          continue;
        }
        if (raw.startsWith("ergon.")) {
          name = RelaxedNames.ofProperty(raw, tasks);
        } else if (env && raw.toUpperCase(java.util.Locale.ROOT).startsWith(ENVIRONMENT_PREFIX)) {
          name = RelaxedNames.ofEnvironment(raw, tasks);
        } else {
          continue;
        }
        if (name.equals(ENABLED) || values.containsKey(name)) {
          continue;
        }
        Object value = source.getProperty(raw);
        values.put(
            name, value == null ? "" : environment.resolveRequiredPlaceholders(value.toString()));
        sources.put(
            name,
            (env ? "environment variable " : "property ") + raw + " from " + source.getName());
      }
    }
    return new SpringProperties(values, sources);
  }

  /**
   * Describes where a property came from.
   *
   * @param name the property name
   * @return the description
   */
  public String source(String name) {
    return sources.getOrDefault(name, "property " + name);
  }
}
