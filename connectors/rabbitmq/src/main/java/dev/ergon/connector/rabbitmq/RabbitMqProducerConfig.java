package dev.ergon.connector.rabbitmq;

import dev.ergon.ConfigurationException;
import dev.ergon.connector.SettingChecks;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * Where and how a {@link RabbitMqConnector} publishes: exchange and routing key, persistence,
 * content type, and publisher confirms.
 *
 * <pre>{@code
 * RabbitMqProducerConfig out = RabbitMqProducerConfig.builder()
 *     .exchange("shop").exchangeType("topic").routingKey("order.validated")
 *     .build();
 * RabbitMqProducerConfig toQueue = RabbitMqProducerConfig.toQueue("orders"); // default exchange
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 *
 * @param exchange the exchange, {@code ""} for the default exchange (routing key = queue name)
 * @param exchangeType when set, the exchange is declared (durable) with this type at start-up; when
 *     null, a named exchange must exist already (checked at start-up)
 * @param routingKey the routing key of every message
 * @param persistent whether messages are persistent (delivery mode 2; default true)
 * @param contentType the content type of every message (default {@code application/json})
 * @param confirms whether to wait for publisher confirms (default true)
 * @param confirmTimeout how long a dispatch waits for its confirms (default 10 s)
 * @param mandatory whether a message no queue receives fails the dispatch instead of vanishing
 *     (default true; detected with confirms on)
 */
public record RabbitMqProducerConfig(
    String exchange,
    @Nullable String exchangeType,
    String routingKey,
    boolean persistent,
    String contentType,
    boolean confirms,
    Duration confirmTimeout,
    boolean mandatory) {

  /** Default content type: {@code application/json}. */
  public static final String DEFAULT_CONTENT_TYPE = "application/json";

  /** Default wait for publisher confirms: 10 s. */
  public static final Duration DEFAULT_CONFIRM_TIMEOUT = Duration.ofSeconds(10);

  /** Checks the fields. */
  public RabbitMqProducerConfig {
    SettingChecks.set("exchange", exchange);
    if (exchangeType != null && exchange.isEmpty()) {
      throw new ConfigurationException(
          "exchange_type", exchangeType, "unset for the default exchange ''");
    }
    SettingChecks.set("routing_key", routingKey);
    if (exchange.isEmpty() && routingKey.isEmpty()) {
      throw new ConfigurationException(
          "routing_key", "''", "a queue name when publishing to the default exchange");
    }
    SettingChecks.nonBlank("content_type", contentType);
    SettingChecks.positive("confirm_timeout", confirmTimeout);
  }

  /**
   * Publishes to a queue through the default exchange, with the defaults.
   *
   * @param queue the queue name
   * @return the config
   */
  public static RabbitMqProducerConfig toQueue(String queue) {
    return builder().routingKey(queue).build();
  }

  /**
   * A builder with the defaults (default exchange, no routing key yet).
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /** Builds a {@link RabbitMqProducerConfig}. Not thread-safe. */
  public static final class Builder {
    private String exchange = "";
    private @Nullable String exchangeType;
    private String routingKey = "";
    private boolean persistent = true;
    private String contentType = DEFAULT_CONTENT_TYPE;
    private boolean confirms = true;
    private Duration confirmTimeout = DEFAULT_CONFIRM_TIMEOUT;
    private boolean mandatory = true;

    private Builder() {}

    /**
     * Sets the exchange.
     *
     * @param value the exchange, {@code ""} for the default one
     * @return this builder
     */
    public Builder exchange(String value) {
      exchange = value;
      return this;
    }

    /**
     * Declares the exchange with this type at start-up; null to require that it exists.
     *
     * @param value {@code direct}, {@code topic}, {@code fanout} or {@code headers}, or null
     * @return this builder
     */
    public Builder exchangeType(@Nullable String value) {
      exchangeType = value;
      return this;
    }

    /**
     * Sets the routing key.
     *
     * @param value the routing key
     * @return this builder
     */
    public Builder routingKey(String value) {
      routingKey = value;
      return this;
    }

    /**
     * Sets persistence.
     *
     * @param value true for persistent messages
     * @return this builder
     */
    public Builder persistent(boolean value) {
      persistent = value;
      return this;
    }

    /**
     * Sets the content type.
     *
     * @param value the content type
     * @return this builder
     */
    public Builder contentType(String value) {
      contentType = value;
      return this;
    }

    /**
     * Turns publisher confirms on or off.
     *
     * @param value true to wait for confirms
     * @return this builder
     */
    public Builder confirms(boolean value) {
      confirms = value;
      return this;
    }

    /**
     * Sets how long a dispatch waits for confirms.
     *
     * @param value the timeout
     * @return this builder
     */
    public Builder confirmTimeout(Duration value) {
      confirmTimeout = value;
      return this;
    }

    /**
     * Sets whether unroutable messages fail the dispatch.
     *
     * @param value true to fail
     * @return this builder
     */
    public Builder mandatory(boolean value) {
      mandatory = value;
      return this;
    }

    /**
     * Builds the config.
     *
     * @return the config
     * @throws ConfigurationException naming the first invalid field
     */
    public RabbitMqProducerConfig build() {
      return new RabbitMqProducerConfig(
          exchange,
          exchangeType,
          routingKey,
          persistent,
          contentType,
          confirms,
          confirmTimeout,
          mandatory);
    }
  }
}
