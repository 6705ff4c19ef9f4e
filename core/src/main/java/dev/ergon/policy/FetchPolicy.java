package dev.ergon.policy;

import dev.ergon.ConfigurationException;
import org.jspecify.annotations.Nullable;

/**
 * How a consumer fetches (configuration key {@code fetch}; fields {@code retry}, {@code
 * connector_name}).
 *
 * @param retry the retry envelope around each fetch (default {@link RetryPolicy#defaults()})
 * @param connectorName the connector to fetch from, or {@code null} for the only one (default
 *     none); when set, not blank
 */
public record FetchPolicy(RetryPolicy retry, @Nullable String connectorName) {

  private static final FetchPolicy DEFAULTS = new FetchPolicy(RetryPolicy.defaults(), null);

  /** Validates every field; the messages name the key ({@code fetch.connector_name}) and value. */
  public FetchPolicy {
    Keys.set("fetch.retry", retry);
    if (connectorName != null && connectorName.isBlank()) {
      throw new ConfigurationException(
          "fetch.connector_name", connectorName, "non-blank (or absent for the only connector)");
    }
  }

  /**
   * The default policy: one attempt, from the only connector.
   *
   * @return the defaults
   */
  public static FetchPolicy defaults() {
    return DEFAULTS;
  }

  /**
   * A copy with another {@code retry}.
   *
   * @param newRetry the retry envelope
   * @return the copy
   */
  public FetchPolicy withRetry(RetryPolicy newRetry) {
    return new FetchPolicy(newRetry, connectorName);
  }

  /**
   * A copy with another {@code connector_name}.
   *
   * @param newConnectorName not blank, or {@code null} for the only connector
   * @return the copy
   */
  public FetchPolicy withConnectorName(@Nullable String newConnectorName) {
    return new FetchPolicy(retry, newConnectorName);
  }
}
