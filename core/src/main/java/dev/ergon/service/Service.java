package dev.ergon.service;

/**
 * Optional marker for services: plain objects that own a protocol (connections, authentication,
 * pagination, error translation) and that tasks reach by name. A service does not need to implement
 * it; when it does (or implements {@link AutoCloseable}), the runner closes it when the worker
 * stops. Services stay usable on their own and use {@code dev.ergon.retry.Retry} for resilience.
 */
public interface Service extends AutoCloseable {

  /** Releases the service's resources. Idempotent; the default does nothing. */
  @Override
  default void close() throws Exception {}
}
