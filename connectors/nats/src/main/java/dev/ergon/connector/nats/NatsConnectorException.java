package dev.ergon.connector.nats;

import dev.ergon.ErgonException;
import org.jspecify.annotations.Nullable;

/**
 * The NATS connector could not do what was asked: connect (wrong credentials, server down), set up
 * its stream or consumer, fetch (disconnected), publish (no stream for the subject, no publish
 * acknowledgement in time) or read the stream. The message names the connector (its connection name
 * and servers), the stream and the subject or transaction; never a credential.
 */
public class NatsConnectorException extends ErgonException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what failed, naming the connector, stream and subject or transaction
   * @param cause the client's error, or null
   */
  public NatsConnectorException(String message, @Nullable Throwable cause) {
    super(message, cause);
  }
}
