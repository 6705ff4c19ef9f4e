package dev.ergon.connector.jdbc;

import dev.ergon.ErgonException;
import org.jspecify.annotations.Nullable;

/**
 * The SQL queue cannot reach or prepare its database: wrong URL, user or password, an unknown
 * database, an unreachable host, a table it may not create. The message names the connector, the
 * table and the URL (never the password) and carries the database's own words.
 */
public class JdbcQueueException extends ErgonException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what failed, naming the connector, table and URL
   * @param cause the driver's error
   */
  public JdbcQueueException(String message, @Nullable Throwable cause) {
    super(message, cause);
  }
}
