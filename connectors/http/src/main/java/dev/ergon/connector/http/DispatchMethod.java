package dev.ergon.connector.http;

/**
 * The HTTP method {@code dispatchTransactions} sends each payload with (setting {@code
 * dispatch_method}).
 */
public enum DispatchMethod {
  /** {@code POST} to the dispatch URL. */
  POST,
  /** {@code PUT} to the dispatch URL (usually a template with {@code {id}}). */
  PUT
}
