package dev.ergon.examples.orders;

import com.rabbitmq.client.BuiltinExchangeType;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.ConnectionFactory;
import dev.ergon.connector.Connector;
import dev.ergon.connector.rabbitmq.RabbitMqClientConfig;
import dev.ergon.connector.rabbitmq.RabbitMqConnector;
import dev.ergon.connector.rabbitmq.RabbitMqConsumerConfig;
import dev.ergon.connector.rabbitmq.RabbitMqProducerConfig;
import java.util.Map;

/**
 * {@link OrderQueue#rabbitmq}: the RabbitMQ connector on a durable queue whose dead letters go to
 * {@code <queue>.dlx}, a fanout exchange bound to {@code <queue>.dead}. The dead-letter topology,
 * counting, purging and deleting use the AMQP client directly.
 */
final class RabbitQueue implements OrderQueue {
  private final String uri;
  private final String queue;
  private final String deadLetterExchange;
  private final String deadLetterQueue;

  RabbitQueue(String uri, String queue) {
    this.uri = uri;
    this.queue = queue;
    this.deadLetterExchange = queue + ".dlx";
    this.deadLetterQueue = queue + ".dead";
  }

  @Override
  public Connector open() {
    RabbitMqClientConfig client =
        RabbitMqClientConfig.builder().uri(uri).connectionName("ergon-demo").build();
    RabbitMqConsumerConfig consumer =
        RabbitMqConsumerConfig.builder()
            .queue(queue)
            .queueArgument("x-dead-letter-exchange", deadLetterExchange)
            .build();
    return new RabbitMqConnector(client, consumer, RabbitMqProducerConfig.toQueue(queue));
  }

  @Override
  public void prepare() throws Exception {
    admin(
        ch -> {
          ch.exchangeDeclare(deadLetterExchange, BuiltinExchangeType.FANOUT, true);
          ch.queueDeclare(deadLetterQueue, true, false, false, Map.of());
          ch.queueBind(deadLetterQueue, deadLetterExchange, "");
        });
    open().close(); // declares the queue with its dead-letter argument
  }

  @Override
  public long pending() throws Exception {
    long[] count = new long[1];
    admin(ch -> count[0] = ch.queueDeclarePassive(queue).getMessageCount());
    return count[0];
  }

  @Override
  public void clear() throws Exception {
    admin(
        ch -> {
          ch.queuePurge(queue);
          ch.queuePurge(deadLetterQueue);
        });
  }

  @Override
  public void delete() throws Exception {
    admin(
        ch -> {
          ch.queueDelete(queue);
          ch.queueDelete(deadLetterQueue);
          ch.exchangeDelete(deadLetterExchange);
        });
  }

  @Override
  public boolean durable() {
    return true;
  }

  @Override
  public String describe() {
    ConnectionFactory f = factory();
    return "rabbitmq amqp://"
        + f.getHost()
        + ":"
        + f.getPort()
        + " vhost "
        + f.getVirtualHost()
        + " (queue "
        + queue
        + ")";
  }

  private interface ChannelWork {
    void run(Channel channel) throws Exception;
  }

  private void admin(ChannelWork work) throws Exception {
    try (com.rabbitmq.client.Connection c = factory().newConnection("ergon-demo-admin");
        Channel ch = c.createChannel()) {
      work.run(ch);
    }
  }

  private ConnectionFactory factory() {
    ConnectionFactory f = new ConnectionFactory();
    try {
      f.setUri(uri);
    } catch (Exception e) {
      throw new IllegalArgumentException("not an AMQP URI: " + e.getMessage(), e);
    }
    f.setAutomaticRecoveryEnabled(false);
    return f;
  }
}
