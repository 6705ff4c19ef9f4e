package dev.ergon.connector.rabbitmq;

import dev.ergon.ConfigurationException;
import dev.ergon.connector.SettingChecks;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.OptionalInt;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * What a {@link RabbitMqConnector} consumes: one or more queues ({@link RabbitMqSubscription}s),
 * how they are declared, the prefetch and how long an empty fetch waits.
 *
 * <pre>{@code
 * RabbitMqConsumerConfig consumer = RabbitMqConsumerConfig.builder()
 *     .queue("orders")
 *     .queueArgument("x-dead-letter-exchange", "orders.dlx")
 *     .build();                             // prefetch = the loop's concurrency
 * }</pre>
 *
 * <p>Acknowledgement is always manual: {@code autoAck(true)} is refused, because a message the
 * broker considers delivered is lost when the worker dies, and auto-ack bypasses the prefetch that
 * keeps a consumer from hoarding messages. Immutable and thread-safe.
 *
 * @param subscriptions the queues, each with its bindings and arguments; names are unique
 * @param durable whether declared queues and exchanges survive a broker restart (default true)
 * @param passive when true, queues are not declared but must exist already (checked at start-up)
 * @param prefetch the broker's delivery credit; null (the default) means the loop's concurrency as
 *     told through {@link dev.ergon.connector.Connector#onConcurrency(int)}, or {@link
 *     #DEFAULT_PREFETCH} before any loop told it
 * @param pollTimeout how long a fetch waits for the first delivery when none is buffered (default
 *     500 ms); a delivery that is buffered is returned at once
 * @param autoAck always false; true is refused with a {@link ConfigurationException}
 */
public record RabbitMqConsumerConfig(
    List<RabbitMqSubscription> subscriptions,
    boolean durable,
    boolean passive,
    @Nullable Integer prefetch,
    Duration pollTimeout,
    boolean autoAck) {

  /** Prefetch used when none is configured and no loop has told its concurrency: 10. */
  public static final int DEFAULT_PREFETCH = 10;

  /** Default wait for the first delivery of a fetch: 500 ms. */
  public static final Duration DEFAULT_POLL_TIMEOUT = Duration.ofMillis(500);

  /** Checks the fields; refuses auto-ack. */
  public RabbitMqConsumerConfig {
    if (autoAck) {
      throw new ConfigurationException(
          "auto_ack must be false but was true: RabbitMQ forgets an auto-acknowledged message as"
              + " soon as it is sent, so it is lost when the worker dies, and auto-ack ignores the"
              + " prefetch that bounds what a consumer holds. The connector acknowledges each"
              + " transaction when its lifecycle completes (settlement: auto), or leave settlement"
              + " to your code (settlement: manual).");
    }
    subscriptions = SettingChecks.list("subscriptions", subscriptions);
    if (subscriptions.isEmpty()) {
      throw new ConfigurationException("subscriptions", "[]", "at least one queue");
    }
    Set<String> names = new HashSet<>();
    for (RabbitMqSubscription s : subscriptions) {
      if (!names.add(s.queue())) {
        throw new ConfigurationException("subscriptions", s.queue(), "unique queue names");
      }
    }
    if (prefetch != null) {
      SettingChecks.between("prefetch", prefetch, 1, 65_535);
    }
    SettingChecks.positive("poll_timeout", pollTimeout);
  }

  /**
   * One durable queue with no arguments and the default prefetch.
   *
   * @param queue the queue name
   * @return the config
   */
  public static RabbitMqConsumerConfig queue(String queue) {
    return builder().queue(queue).build();
  }

  /**
   * A builder with the defaults and no queue yet.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The configured prefetch, when one is set.
   *
   * @return the prefetch, or empty when it follows the loop's concurrency
   */
  public OptionalInt configuredPrefetch() {
    return prefetch == null ? OptionalInt.empty() : OptionalInt.of(prefetch);
  }

  /**
   * Whether every queue dead-letters rejected messages ({@code x-dead-letter-exchange} is set).
   *
   * @return true when {@code reject(tx, false)} dead-letters on every queue
   */
  public boolean deadLetters() {
    return subscriptions.stream().allMatch(RabbitMqSubscription::deadLetters);
  }

  /** Builds a {@link RabbitMqConsumerConfig}. Not thread-safe. */
  public static final class Builder {
    private final List<RabbitMqSubscription> subscriptions = new ArrayList<>();
    private boolean durable = true;
    private boolean passive;
    private @Nullable Integer prefetch;
    private Duration pollTimeout = DEFAULT_POLL_TIMEOUT;
    private boolean autoAck;

    private Builder() {}

    /**
     * Adds a queue on the default exchange.
     *
     * @param name the queue name
     * @return this builder
     */
    public Builder queue(String name) {
      return subscription(RabbitMqSubscription.queue(name));
    }

    /**
     * Adds an argument to the most recently added queue.
     *
     * @param name the argument, e.g. {@code x-message-ttl}
     * @param value its value
     * @return this builder
     * @throws ConfigurationException when no queue was added yet
     */
    public Builder queueArgument(String name, Object value) {
      return replaceLast(last().withArgument(name, value));
    }

    /**
     * Binds the most recently added queue to an exchange.
     *
     * @param exchange the exchange
     * @param type its type
     * @param keys the binding keys
     * @return this builder
     * @throws ConfigurationException when no queue was added yet
     */
    public Builder bind(String exchange, String type, List<String> keys) {
      return replaceLast(last().boundTo(exchange, type, keys));
    }

    /**
     * Adds a subscription.
     *
     * @param value the subscription
     * @return this builder
     */
    public Builder subscription(RabbitMqSubscription value) {
      subscriptions.add(SettingChecks.set("subscriptions", value));
      return this;
    }

    /**
     * Sets durability of what is declared.
     *
     * @param value true for durable
     * @return this builder
     */
    public Builder durable(boolean value) {
      durable = value;
      return this;
    }

    /**
     * Sets passive mode: queues must exist; nothing is declared.
     *
     * @param value true for passive
     * @return this builder
     */
    public Builder passive(boolean value) {
      passive = value;
      return this;
    }

    /**
     * Sets the prefetch; null to follow the loop's concurrency.
     *
     * @param value the prefetch, or null
     * @return this builder
     */
    public Builder prefetch(@Nullable Integer value) {
      prefetch = value;
      return this;
    }

    /**
     * Sets how long an empty fetch waits for a first delivery.
     *
     * @param value the wait
     * @return this builder
     */
    public Builder pollTimeout(Duration value) {
      pollTimeout = value;
      return this;
    }

    /**
     * Exists to be refused: {@code true} fails {@link #build()} with an explanation.
     *
     * @param value must be false
     * @return this builder
     */
    public Builder autoAck(boolean value) {
      autoAck = value;
      return this;
    }

    /**
     * Builds the config.
     *
     * @return the config
     * @throws ConfigurationException naming the first invalid field
     */
    public RabbitMqConsumerConfig build() {
      return new RabbitMqConsumerConfig(
          subscriptions, durable, passive, prefetch, pollTimeout, autoAck);
    }

    private RabbitMqSubscription last() {
      if (subscriptions.isEmpty()) {
        throw new ConfigurationException("subscriptions", "[]", "a queue added before its options");
      }
      return subscriptions.get(subscriptions.size() - 1);
    }

    private Builder replaceLast(RabbitMqSubscription value) {
      subscriptions.set(subscriptions.size() - 1, value);
      return this;
    }
  }
}
