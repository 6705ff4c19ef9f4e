package dev.ergon.connector.http;

import dev.ergon.ErgonException;
import org.jspecify.annotations.Nullable;

/**
 * The HTTP connector could not do what was asked: a page could not be read (status, timeout, not
 * JSON, no items array), the checkpoint or dead-letter file could not be written, or a request was
 * throttled for longer than allowed. The message names the URL (without credentials) and the
 * status; never the bearer token or a header value.
 */
public class HttpConnectorException extends ErgonException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what failed, naming the URL, page or transaction
   * @param cause the underlying error, or null
   */
  public HttpConnectorException(String message, @Nullable Throwable cause) {
    super(message, cause);
  }
}
