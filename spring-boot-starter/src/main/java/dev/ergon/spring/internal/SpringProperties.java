package dev.ergon.spring.internal;

import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.core.env.PropertySource;

/**
 * The {@code ergon.…} properties of a Spring environment, with the property source each value comes
 * from (the one of highest precedence), for the configuration's messages.
 *
 * @param values property name to resolved value
 * @param sources property name to e.g. {@code property ergon.tasks.orders.max_workers from Config
 *     resource 'class path resource [application.yml]'}
 */
public record SpringProperties(Map<String, String> values, Map<String, String> sources) {

  /** The property that turns the starter off; read by the auto-configuration, not bound. */
  public static final String ENABLED = "ergon.enabled";

  /** Copies the maps. */
  public SpringProperties {
    values = Map.copyOf(values);
    sources = Map.copyOf(sources);
  }

  /**
   * Reads every enumerable property source, highest precedence first.
   *
   * @param environment the application's environment
   * @return the properties below {@code ergon.}, except {@value #ENABLED}
   */
  public static SpringProperties of(ConfigurableEnvironment environment) {
    Map<String, String> values = new LinkedHashMap<>();
    Map<String, String> sources = new LinkedHashMap<>();
    for (PropertySource<?> source : environment.getPropertySources()) {
      if (!(source instanceof EnumerablePropertySource<?> e)
          || "configurationProperties".equals(source.getName())) {
        continue;
      }
      for (String name : e.getPropertyNames()) {
        if (!name.startsWith("ergon.") || name.equals(ENABLED) || values.containsKey(name)) {
          continue;
        }
        String value = environment.getProperty(name);
        values.put(name, value == null ? "" : value);
        sources.put(name, "property " + name + " from " + source.getName());
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
