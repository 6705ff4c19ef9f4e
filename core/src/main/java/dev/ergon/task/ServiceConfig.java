package dev.ergon.task;

import dev.ergon.ConfigurationException;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * A named service of a task: how each worker builds its own instance. Services are plain objects;
 * those that are {@link AutoCloseable} are closed when the worker stops.
 *
 * @param name the name tasks use to reach it
 * @param factory builds one instance per worker
 */
public record ServiceConfig(String name, Supplier<?> factory) {

  /** Checks the name. */
  public ServiceConfig {
    if (name == null || name.isBlank()) {
      throw new ConfigurationException("services.name", name, "non-blank");
    }
    Objects.requireNonNull(factory, () -> "factory of service '" + name + "'");
  }

  /**
   * Builds one instance.
   *
   * @return the service
   * @throws ConfigurationException when the factory returned null
   */
  public Object create() {
    Object s = factory.get();
    if (s == null) {
      throw new ConfigurationException("service '" + name + "': the factory returned null");
    }
    return s;
  }
}
