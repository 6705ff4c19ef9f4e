package dev.ergon.task;

import dev.ergon.ConfigurationException;
import dev.ergon.connector.AsyncConnector;
import dev.ergon.connector.Connector;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * A named connector of a task: how each worker builds its own instance. Create with {@link
 * #of(String, Supplier)} or {@link #async(String, Supplier)}, or through {@link
 * TaskConfig.Builder#connector}.
 *
 * @param name the name tasks use to reach it ({@code input}, {@code output}, …)
 * @param factory builds one instance per worker
 * @param async whether the factory builds an {@link AsyncConnector} (else a {@link Connector})
 */
public record ConnectorConfig(String name, Supplier<?> factory, boolean async) {

  /** Checks the name. */
  public ConnectorConfig {
    if (name == null || name.isBlank()) {
      throw new ConfigurationException("connectors.name", name, "non-blank");
    }
    Objects.requireNonNull(factory, () -> "factory of connector '" + name + "'");
  }

  /**
   * A blocking connector.
   *
   * @param name its name
   * @param factory builds one per worker
   * @return the configuration
   */
  public static ConnectorConfig of(String name, Supplier<? extends Connector> factory) {
    return new ConnectorConfig(name, factory, false);
  }

  /**
   * An asynchronous connector.
   *
   * @param name its name
   * @param factory builds one per worker
   * @return the configuration
   */
  public static ConnectorConfig async(String name, Supplier<? extends AsyncConnector> factory) {
    return new ConnectorConfig(name, factory, true);
  }

  /**
   * Builds one instance, checking that the factory returned what it promised.
   *
   * @return a {@link Connector} or {@link AsyncConnector}
   * @throws ConfigurationException when the factory returned null or the wrong type
   */
  public AutoCloseable create() {
    Object c = factory.get();
    Class<?> expected = async ? AsyncConnector.class : Connector.class;
    if (!expected.isInstance(c)) {
      throw new ConfigurationException(
          "connector '"
              + name
              + "': the factory returned "
              + (c == null ? "null" : c.getClass().getName())
              + ", not a "
              + expected.getSimpleName());
    }
    return (AutoCloseable) c;
  }
}
