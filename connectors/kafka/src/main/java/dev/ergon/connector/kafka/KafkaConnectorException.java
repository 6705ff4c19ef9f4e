package dev.ergon.connector.kafka;

import dev.ergon.ErgonException;
import org.jspecify.annotations.Nullable;

/**
 * The Kafka connector could not do what was asked: publish (the failing transaction ids are named),
 * dead-letter, commit, read a record by id or count the lag. The message names the connector (its
 * client id), the topic and the transaction or partition; never a credential.
 */
public class KafkaConnectorException extends ErgonException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what failed, naming the connector, topic and transaction or partition
   * @param cause the client's error, or null
   */
  public KafkaConnectorException(String message, @Nullable Throwable cause) {
    super(message, cause);
  }
}
