package dev.ergon.connector;

import dev.ergon.ErgonException;

/**
 * A connector was asked for an optional capability it does not have (counting, resolve-by-id,
 * acknowledge, reject). The message names the connector class and the operation.
 */
public class UnsupportedCapabilityException extends ErgonException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param connector the connector class
   * @param operation the operation it does not support
   */
  public UnsupportedCapabilityException(Class<?> connector, String operation) {
    super("connector " + connector.getName() + " does not support " + operation);
  }
}
