package dev.ergon.connector.redis;

import dev.ergon.ErgonException;
import org.jspecify.annotations.Nullable;

/**
 * The Redis connector could not do what was asked: connect (server down, wrong password), set up
 * its consumer group, fetch, dispatch, count or resolve. The message names the connector (its
 * consumer, the server without credentials, the stream and group) and the transaction where there
 * is one; never a password.
 */
public class RedisConnectorException extends ErgonException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what failed, naming the connector, stream and group or transaction
   * @param cause the client's error, or null
   */
  public RedisConnectorException(String message, @Nullable Throwable cause) {
    super(message, cause);
  }
}
