package dev.ergon.runtime.internal;

import dev.ergon.connector.AsyncConnector;
import dev.ergon.connector.Connector;
import dev.ergon.task.ConnectorConfig;
import dev.ergon.task.TaskConfig;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Keeps the connector instances a worker builds, so that the supervisor can read their health maps:
 * {@link dev.ergon.engine.Worker} does not expose its connectors, so the task configuration is
 * wrapped with factories that record what they build. Thread-safe.
 */
public final class ConnectorTap {
  private final Map<String, Object> instances = new LinkedHashMap<>();

  /**
   * The same configuration, with connector factories that record their instances here.
   *
   * @param config the task configuration
   * @return the wrapped configuration
   */
  public TaskConfig wrap(TaskConfig config) {
    List<ConnectorConfig> wrapped =
        config.connectors().stream()
            .map(c -> new ConnectorConfig(c.name(), () -> record(c), c.async()))
            .toList();
    return new TaskConfig(
        config.name(),
        config.task(),
        config.maxWorkers(),
        wrapped,
        config.services(),
        config.policies(),
        config.supervision());
  }

  private Object record(ConnectorConfig c) {
    Object instance = c.factory().get();
    if (instance != null) {
      synchronized (this) {
        instances.put(c.name(), instance);
      }
    }
    return instance;
  }

  /**
   * Each built connector's health map, by name. A connector whose {@code health()} throws makes
   * this throw: the liveness check then counts as unhealthy.
   *
   * @return health maps in configuration order
   */
  public Map<String, Map<String, Object>> health() {
    Map<String, Object> snapshot;
    synchronized (this) {
      snapshot = new LinkedHashMap<>(instances);
    }
    Map<String, Map<String, Object>> out = new LinkedHashMap<>();
    snapshot.forEach(
        (name, c) -> {
          Map<String, Object> h =
              switch (c) {
                case Connector b -> b.health();
                case AsyncConnector a -> a.health();
                default -> Map.of();
              };
          out.put(name, h == null ? Map.of() : h);
        });
    return out;
  }
}
