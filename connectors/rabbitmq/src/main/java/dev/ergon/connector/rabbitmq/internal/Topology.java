package dev.ergon.connector.rabbitmq.internal;

import com.rabbitmq.client.Channel;
import dev.ergon.connector.rabbitmq.RabbitMqConsumerConfig;
import dev.ergon.connector.rabbitmq.RabbitMqException;
import dev.ergon.connector.rabbitmq.RabbitMqProducerConfig;
import dev.ergon.connector.rabbitmq.RabbitMqSubscription;
import java.io.IOException;
import java.util.List;
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

  /**
   * Connects and declares (or checks) everything at start-up, so that wrong credentials, an unknown
   * queue or conflicting arguments fail at once, naming the connector and the queue.
   *
   * @param link the connection
   * @param consumer the queues, or null
   * @param producer the exchange, or null
   * @throws RabbitMqException when the broker refuses
   */
  public static void setUp(
      Link link,
      @Nullable RabbitMqConsumerConfig consumer,
      @Nullable RabbitMqProducerConfig producer) {
    link.connection();
    if (consumer != null) {
      List<String> queues = consumer.subscriptions().stream().map(s -> s.queue()).toList();
      try {
        link.withChannel(
            ch -> {
              declare(ch, consumer);
              return true;
            });
      } catch (IOException | RuntimeException e) {
        throw new RabbitMqException(
            link.describe() + ": queue(s) " + queues + " unavailable: " + Errors.describe(e), e);
      }
    }
    if (producer != null) {
      try {
        link.withChannel(
            ch -> {
              declare(ch, producer);
              return true;
            });
      } catch (IOException | RuntimeException e) {
        throw new RabbitMqException(
            link.describe()
                + ": exchange '"
                + producer.exchange()
                + "' unavailable: "
                + Errors.describe(e),
            e);
      }
    }
  }
}
