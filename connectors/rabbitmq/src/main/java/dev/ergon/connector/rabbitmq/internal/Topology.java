package dev.ergon.connector.rabbitmq.internal;

import com.rabbitmq.client.Channel;
import dev.ergon.connector.rabbitmq.RabbitMqConsumerConfig;
import dev.ergon.connector.rabbitmq.RabbitMqProducerConfig;
import dev.ergon.connector.rabbitmq.RabbitMqSubscription;
import java.io.IOException;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Declares (or, in passive mode, checks) the queues, exchanges and bindings a connector uses.
 * Declaring is idempotent, so it runs again on every new consume channel: a queue that vanished
 * with a broker restart comes back.
 */
public final class Topology {
  private Topology() {}

  /**
   * Declares or checks every subscription on {@code ch}.
   *
   * @param ch the channel; a refusal closes it
   * @param config the subscriptions
   * @throws IOException when the broker refuses (unknown queue, different arguments)
   */
  public static void declare(Channel ch, RabbitMqConsumerConfig config) throws IOException {
    for (RabbitMqSubscription s : config.subscriptions()) {
      if (config.passive()) {
        ch.queueDeclarePassive(s.queue());
        continue;
      }
      @Nullable Map<String, Object> args = s.queueArguments().isEmpty() ? null : s.queueArguments();
      ch.queueDeclare(s.queue(), config.durable(), false, false, args);
      if (!s.exchange().isEmpty()) {
        ch.exchangeDeclare(s.exchange(), s.exchangeType(), config.durable());
        for (String key : s.bindingKeys()) {
          ch.queueBind(s.queue(), s.exchange(), key);
        }
      }
    }
  }

  /**
   * Declares the producer's exchange when it has a type, or checks that it exists.
   *
   * @param ch the channel; a refusal closes it
   * @param config the producer settings
   * @throws IOException when the broker refuses
   */
  public static void declare(Channel ch, RabbitMqProducerConfig config) throws IOException {
    if (config.exchange().isEmpty()) {
      return;
    }
    if (config.exchangeType() == null) {
      ch.exchangeDeclarePassive(config.exchange());
    } else {
      ch.exchangeDeclare(config.exchange(), config.exchangeType(), true);
    }
  }
}
