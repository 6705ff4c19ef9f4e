package dev.ergon.transaction;

import dev.ergon.ErgonException;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A failure of one transaction, as the exception handler receives it: a {@link Category}, the
 * transaction id and the original cause.
 *
 * <p>User code may throw it too: a {@link Category#BUSINESS} failure is never retried, because the
 * same input will fail the same way; {@link Category#SYSTEM} and {@link Category#TIMEOUT} are.
 *
 * <p>{@link #toString()} reads {@code (SYSTEM - tx-1) message [cause: IOException: refused]}.
 */
public class TransactionException extends ErgonException {
  private static final long serialVersionUID = 1L;

  /** What kind of failure this is. */
  public enum Category {
    /** The input is wrong for the business rules; retrying cannot help. Never retried. */
    BUSINESS,
    /** Infrastructure or programming failure; retried by the phase's retry policy. */
    SYSTEM,
    /** An attempt, the transaction runtime or a loop ran out of time. */
    TIMEOUT
  }

  private final Category category;
  private final @Nullable String transactionId;

  /**
   * Creates a transaction failure.
   *
   * @param message what went wrong; when blank, the cause's type and message are used
   * @param category the kind of failure
   * @param transactionId the transaction, when known
   * @param cause the original failure, when there is one
   */
  public TransactionException(
      @Nullable String message,
      Category category,
      @Nullable String transactionId,
      @Nullable Throwable cause) {
    super(messageOf(message, cause), cause);
    this.category = category;
    this.transactionId = transactionId;
  }

  /**
   * Creates a failure without transaction id or cause, as user code usually throws it.
   *
   * @param message what went wrong
   * @param category the kind of failure
   */
  public TransactionException(String message, Category category) {
    this(message, category, null, null);
  }

  private static String messageOf(@Nullable String message, @Nullable Throwable cause) {
    if (message != null && !message.isBlank()) {
      return message;
    }
    if (cause != null) {
      String m = cause.getMessage();
      return cause.getClass().getName() + (m == null || m.isBlank() ? "" : ": " + m);
    }
    return "A transaction error occurred.";
  }

  /**
   * The kind of failure.
   *
   * @return the category
   */
  public Category category() {
    return category;
  }

  /**
   * The id of the transaction that failed, when known.
   *
   * @return the id, or empty
   */
  public Optional<String> transactionId() {
    return Optional.ofNullable(transactionId);
  }

  /**
   * Whether this failure may be retried: everything but {@link Category#BUSINESS}.
   *
   * @return true unless the category is BUSINESS
   */
  public boolean isRetryable() {
    return category != Category.BUSINESS;
  }

  /**
   * Wraps any failure of transaction {@code transactionId} for the exception handler: a {@code
   * TransactionException} keeps its category (and gains the id when it had none); a timeout becomes
   * {@link Category#TIMEOUT}; anything else becomes {@link Category#SYSTEM} with the failure as
   * cause.
   *
   * @param failure what the phase failed with
   * @param transactionId the transaction
   * @return a transaction exception naming the transaction
   */
  public static TransactionException wrap(Throwable failure, String transactionId) {
    if (failure instanceof TransactionException te) {
      return te.transactionId == null ? te.withTransactionId(transactionId) : te;
    }
    Category category =
        failure instanceof java.util.concurrent.TimeoutException
                || failure instanceof dev.ergon.retry.AttemptTimeoutException
            ? Category.TIMEOUT
            : Category.SYSTEM;
    return new TransactionException(null, category, transactionId, failure);
  }

  /**
   * A copy of this failure that names {@code id}; subclasses keep their own type through {@link
   * #copyWithTransactionId(String)}.
   *
   * @param id the transaction id
   * @return the copy
   */
  public TransactionException withTransactionId(String id) {
    TransactionException copy = copyWithTransactionId(id);
    copy.setStackTrace(getStackTrace());
    return copy;
  }

  /**
   * Creates the copy for {@link #withTransactionId(String)}; subclasses override it to keep their
   * type.
   *
   * @param id the transaction id
   * @return a new exception equal to this one but for the id
   */
  protected TransactionException copyWithTransactionId(String id) {
    return new TransactionException(getMessage(), category, id, getCause());
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("(").append(category);
    if (transactionId != null) {
      sb.append(" - ").append(transactionId);
    }
    sb.append(") ").append(getMessage());
    Throwable cause = getCause();
    if (cause != null) {
      sb.append(" [cause: ").append(cause.getClass().getSimpleName());
      if (cause.getMessage() != null) {
        sb.append(": ").append(cause.getMessage());
      }
      sb.append(']');
    }
    return sb.toString();
  }
}
