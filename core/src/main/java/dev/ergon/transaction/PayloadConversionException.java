package dev.ergon.transaction;

import org.jspecify.annotations.Nullable;

/**
 * A payload could not be converted to the type a task asked for. Category {@link
 * Category#BUSINESS}: the same bytes will never convert, so it is not retried. The message names
 * the transaction id, the payload's type and the target type.
 */
public class PayloadConversionException extends TransactionException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param transactionId the transaction whose payload failed
   * @param from the payload's runtime type
   * @param to the requested type
   * @param cause the codec's error
   */
  public PayloadConversionException(
      String transactionId, Class<?> from, Class<?> to, @Nullable Throwable cause) {
    super(
        "cannot convert the payload of transaction '"
            + transactionId
            + "' from "
            + from.getSimpleName()
            + " to "
            + to.getName()
            + (cause == null || cause.getMessage() == null ? "" : ": " + cause.getMessage()),
        Category.BUSINESS,
        transactionId,
        cause);
  }

  private PayloadConversionException(
      @Nullable String message, String transactionId, @Nullable Throwable cause) {
    super(message, Category.BUSINESS, transactionId, cause);
  }

  @Override
  protected TransactionException copyWithTransactionId(String id) {
    return new PayloadConversionException(getMessage(), id, getCause());
  }
}
