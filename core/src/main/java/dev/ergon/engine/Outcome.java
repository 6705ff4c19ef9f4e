package dev.ergon.engine;

import dev.ergon.transaction.TransactionException;
import org.jspecify.annotations.Nullable;

/**
 * How the lifecycle of one transaction ended. Every transaction the engine takes ends with exactly
 * one outcome. Consume it with an exhaustive {@code switch}:
 *
 * <pre>{@code
 * switch (outcome) {
 *   case Outcome.Succeeded s -> ...;
 *   case Outcome.FailedHandled f -> ...;     // the exception handler dealt with it
 *   case Outcome.FailedUnhandled f -> ...;   // dead-lettered or released
 *   case Outcome.TimedOut t -> ...;
 *   case Outcome.Redeliver r -> ...;         // the source will deliver it again
 * }
 * }</pre>
 */
public sealed interface Outcome {

  /**
   * The id of the transaction.
   *
   * @return the transaction id
   */
  String transactionId();

  /**
   * Retries taken across all phases (attempts beyond the first of each phase).
   *
   * @return the number of retries
   */
  int retries();

  /**
   * The outcome's kind, for counting and metrics.
   *
   * @return the kind
   */
  Kind kind();

  /**
   * The process exit code of {@code process-transaction} for this outcome: 0 succeeded, 3 failed
   * but handled by the exception handler, 1 otherwise.
   *
   * @return the exit code
   */
  default int exitCode() {
    return switch (this) {
      case Succeeded s -> 0;
      case FailedHandled f -> 3;
      case FailedUnhandled f -> 1;
      case TimedOut t -> t.handled() ? 3 : 1;
      case Redeliver r -> 1;
    };
  }

  /** The kinds of outcome, in configuration and metric spelling. */
  enum Kind {
    /** Processed, success handler done, acknowledged. */
    SUCCEEDED,
    /** Processing failed; the exception handler handled it; acknowledged. */
    FAILED_HANDLED,
    /** The exception handler failed too; dead-lettered or released. */
    FAILED_UNHANDLED,
    /** The transaction runtime timeout expired. */
    TIMED_OUT,
    /** Not settled; the source will deliver it again (connection lost, or released on stop). */
    REDELIVER
  }

  /** What was done with a transaction the engine could not handle. */
  enum Disposition {
    /** Acknowledged: it will not come again. */
    ACKNOWLEDGED,
    /** Rejected without requeue to the connector's dead-letter destination. */
    DEAD_LETTERED,
    /** Rejected with requeue: it will be delivered again. */
    RELEASED,
    /** Nothing: settlement is manual, the transaction has no source, or settlement failed. */
    NONE
  }

  /**
   * Processed, and the success handler completed.
   *
   * @param transactionId the transaction
   * @param retries retries across phases
   * @param disposition ACKNOWLEDGED, or NONE without automatic settlement
   */
  record Succeeded(String transactionId, int retries, Disposition disposition) implements Outcome {
    @Override
    public Kind kind() {
      return Kind.SUCCEEDED;
    }
  }

  /**
   * Processing (or the success handler) failed, and the exception handler completed.
   *
   * @param transactionId the transaction
   * @param error what the exception handler received
   * @param retries retries across phases
   * @param disposition ACKNOWLEDGED, or NONE without automatic settlement
   */
  record FailedHandled(
      String transactionId, TransactionException error, int retries, Disposition disposition)
      implements Outcome {
    @Override
    public Kind kind() {
      return Kind.FAILED_HANDLED;
    }
  }

  /**
   * Processing failed and the exception handler failed too.
   *
   * @param transactionId the transaction
   * @param error the processing failure
   * @param handlerError the exception handler's own failure
   * @param retries retries across phases
   * @param disposition DEAD_LETTERED, RELEASED, or NONE
   */
  record FailedUnhandled(
      String transactionId,
      TransactionException error,
      @Nullable Throwable handlerError,
      int retries,
      Disposition disposition)
      implements Outcome {
    @Override
    public Kind kind() {
      return Kind.FAILED_UNHANDLED;
    }
  }

  /**
   * The transaction runtime timeout expired; the running attempt was interrupted and the exception
   * handler ran once with a {@link TransactionException.Category#TIMEOUT} error.
   *
   * @param transactionId the transaction
   * @param error the timeout error given to the exception handler
   * @param handled whether the exception handler completed
   * @param retries retries across phases before the timeout
   * @param disposition ACKNOWLEDGED when handled; DEAD_LETTERED, RELEASED or NONE otherwise
   */
  record TimedOut(
      String transactionId,
      TransactionException error,
      boolean handled,
      int retries,
      Disposition disposition)
      implements Outcome {
    @Override
    public Kind kind() {
      return Kind.TIMED_OUT;
    }
  }

  /**
   * The transaction was not settled and the source will deliver it again: the connection or channel
   * was lost while settling, or the engine released it on stop.
   *
   * @param transactionId the transaction
   * @param cause why it was not settled
   * @param retries retries across phases
   */
  record Redeliver(String transactionId, Throwable cause, int retries) implements Outcome {
    @Override
    public Kind kind() {
      return Kind.REDELIVER;
    }
  }
}
