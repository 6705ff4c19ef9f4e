package dev.ergon.connector.rabbitmq;

import dev.ergon.ErgonException;
import org.jspecify.annotations.Nullable;

/**
 * The RabbitMQ connector could not do what was asked: connect (wrong credentials, broker down), set
 * up its queues (an unknown queue in passive mode, arguments that differ from the existing queue's)
 * or publish (nacked, unconfirmed in time, unroutable). The message names the connector (its
 * connection name and address) and the queue or exchange.
 */
public class RabbitMqException extends ErgonException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what failed, naming the connector and the queue or exchange
   * @param cause the client's error, or null
   */
  public RabbitMqException(String message, @Nullable Throwable cause) {
    super(message, cause);
  }
}
