package dev.ergon.connector.rabbitmq;

import dev.ergon.ConfigurationException;
import dev.ergon.connector.SettingChecks;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One queue to consume from, optionally bound to an exchange with binding keys, and the arguments
 * it is declared with ({@code x-dead-letter-exchange}, {@code x-message-ttl}, {@code x-max-length},
 * {@code x-queue-type}, …). Arguments are passed to the broker as given, never dropped.
 *
 * <pre>{@code
 * RabbitMqSubscription orders = RabbitMqSubscription.queue("orders")
 *     .boundTo("shop", "topic", List.of("order.created", "order.paid"))
 *     .withArgument("x-dead-letter-exchange", "orders.dlx");
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 *
 * @param queue the queue name
 * @param exchange the exchange to bind the queue to, or {@code ""} for none (the default exchange,
 *     where a queue receives what is published with its name as routing key)
 * @param exchangeType the exchange type ({@code direct}, {@code topic}, {@code fanout}, {@code
 *     headers}); used when the exchange is declared
 * @param bindingKeys the routing keys the queue is bound with; ignored without an exchange
 * @param queueArguments the queue's {@code x-} arguments; values are strings, numbers or booleans
 */
public record RabbitMqSubscription(
    String queue,
    String exchange,
    String exchangeType,
    List<String> bindingKeys,
    Map<String, Object> queueArguments) {

  private static final Set<String> EXCHANGE_TYPES = Set.of("direct", "topic", "fanout", "headers");

  /** Checks and copies the fields. */
  public RabbitMqSubscription {
    SettingChecks.nonBlank("queue", queue);
    SettingChecks.set("exchange", exchange);
    if (!EXCHANGE_TYPES.contains(SettingChecks.set("exchange_type", exchangeType))) {
      throw new ConfigurationException("exchange_type", exchangeType, "one of " + EXCHANGE_TYPES);
    }
    bindingKeys = SettingChecks.list("binding_keys", bindingKeys);
    queueArguments = SettingChecks.map("queue_arguments", queueArguments);
    for (Map.Entry<String, Object> e : queueArguments.entrySet()) {
      Object v = e.getValue();
      if (!(v instanceof String || v instanceof Number || v instanceof Boolean)) {
        throw new ConfigurationException(
            "queue_arguments." + e.getKey(), v, "a string, number or boolean");
      }
    }
    if (!exchange.isEmpty() && bindingKeys.isEmpty()) {
      throw new ConfigurationException(
          "binding_keys", bindingKeys, "non-empty when exchange '" + exchange + "' is set");
    }
  }

  /**
   * A queue on the default exchange, with no arguments.
   *
   * @param queue the queue name
   * @return the subscription
   */
  public static RabbitMqSubscription queue(String queue) {
    return new RabbitMqSubscription(queue, "", "topic", List.of(), Map.of());
  }

  /**
   * A copy bound to {@code exchange} (declared durable with {@code type}) with the given keys.
   *
   * @param exchange the exchange
   * @param type its type
   * @param keys the binding keys, e.g. {@code List.of("#")}
   * @return the copy
   */
  public RabbitMqSubscription boundTo(String exchange, String type, List<String> keys) {
    return new RabbitMqSubscription(queue, exchange, type, keys, queueArguments);
  }

  /**
   * A copy with one more queue argument.
   *
   * @param name the argument, e.g. {@code x-dead-letter-exchange}
   * @param value its value
   * @return the copy
   */
  public RabbitMqSubscription withArgument(String name, Object value) {
    Map<String, Object> copy = new HashMap<>(queueArguments);
    copy.put(name, value);
    return new RabbitMqSubscription(queue, exchange, exchangeType, bindingKeys, copy);
  }

  /**
   * A copy with these queue arguments instead.
   *
   * @param arguments the arguments
   * @return the copy
   */
  public RabbitMqSubscription withArguments(Map<String, Object> arguments) {
    return new RabbitMqSubscription(queue, exchange, exchangeType, bindingKeys, arguments);
  }

  /**
   * Whether rejected messages of this queue go to a dead-letter exchange.
   *
   * @return true when {@code x-dead-letter-exchange} is set
   */
  public boolean deadLetters() {
    return queueArguments.containsKey("x-dead-letter-exchange");
  }
}
