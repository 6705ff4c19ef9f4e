package dev.ergon.connector.rabbitmq.internal;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Envelope;

/**
 * One message as the broker delivered it, with the subscription epoch (channel) it came on. Stays
 * inside the connector: the delivery tag means something only on that channel.
 *
 * @param epoch the consume channel's epoch
 * @param queue the queue it came from
 * @param envelope tag, exchange, routing key, redelivered flag
 * @param properties the message properties
 * @param body the body, as received (not copied)
 */
public record Delivery(
    ConsumeEpoch epoch,
    String queue,
    Envelope envelope,
    AMQP.BasicProperties properties,
    byte[] body) {

  /**
   * The delivery tag.
   *
   * @return the tag, meaningful on {@link #epoch()}'s channel only
   */
  public long tag() {
    return envelope.getDeliveryTag();
  }
}
