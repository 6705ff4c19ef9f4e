package dev.ergon.connector.http;

import java.util.Map;
import java.util.stream.Collectors;

/**
 * Some transactions of a {@code dispatchTransactions} call were not accepted: the message and
 * {@link #failures()} name each failing transaction id with its HTTP status or error. The others
 * were sent.
 */
public final class HttpDispatchException extends HttpConnectorException {
  private static final long serialVersionUID = 1L;

  /** The failures, by transaction id; a map of strings, serializable. */
  @SuppressWarnings("serial")
  private final Map<String, String> failures;

  /**
   * Creates the exception.
   *
   * @param url the dispatch URL (template), for the message
   * @param sent how many transactions were in the call
   * @param failures each failing transaction id and what went wrong (status and body excerpt, or
   *     the error)
   */
  public HttpDispatchException(String url, int sent, Map<String, String> failures) {
    super(
        failures.size()
            + " of "
            + sent
            + " transaction(s) not dispatched to "
            + url
            + ": "
            + failures.entrySet().stream()
                .map(e -> e.getKey() + " (" + e.getValue() + ")")
                .collect(Collectors.joining(", ")),
        null);
    this.failures = Map.copyOf(failures);
  }

  /**
   * What failed.
   *
   * @return each failing transaction id and its status or error; unmodifiable
   */
  public Map<String, String> failures() {
    return failures;
  }
}
