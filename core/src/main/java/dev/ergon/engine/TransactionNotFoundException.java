package dev.ergon.engine;

import dev.ergon.ErgonException;

/** {@code process-transaction-by-id} found no transaction with the given id. */
public class TransactionNotFoundException extends ErgonException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param transactionId the id that was looked up
   * @param connector the connector that was asked
   */
  public TransactionNotFoundException(String transactionId, String connector) {
    super("connector '" + connector + "' has no transaction with id '" + transactionId + "'");
  }
}
