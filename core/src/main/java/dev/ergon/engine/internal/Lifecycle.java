package dev.ergon.engine.internal;

import dev.ergon.connector.ConnectionLostException;
import dev.ergon.connector.Rejection;
import dev.ergon.engine.Outcome;
import dev.ergon.engine.Outcome.Disposition;
import dev.ergon.engine.internal.Settler.SettlementException;
import dev.ergon.retry.FailureReason;
import dev.ergon.retry.Retry;
import dev.ergon.retry.RetryResult;
import dev.ergon.transaction.Transaction;
import dev.ergon.transaction.TransactionException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The chain of one transaction: first phase (process or prepare) under its retry, then the success
 * handler under its retry (falling back to the exception handler), or the exception handler under
 * its retry; then settlement. Each step checks the {@link Guard} so that a transaction the runtime
 * timeout took over is never settled twice.
 *
 * @param <R> what the first phase returns
 */
public final class Lifecycle<R extends @Nullable Object> {
  private static final Logger LOG = LoggerFactory.getLogger(Lifecycle.class);

  private final Phases<R> phases;
  private final Retry first;
  private final Retry success;
  private final Retry exception;
  private final Retry afterTimeout;
  private final LoopTelemetry telemetry;
  private final Settler settler;

  /**
   * Creates the chain.
   *
   * @param phases the three phases
   * @param first retry of the first phase
   * @param success retry of the success handler
   * @param exception retry of the exception handler
   * @param afterTimeout retry of the exception handler after a runtime timeout (its attempts are
   *     bounded even when the exception handler's policy sets no timeout)
   * @param settler the settlement step
   * @param telemetry spans and metrics of the phases
   */
  public Lifecycle(
      Phases<R> phases,
      Retry first,
      Retry success,
      Retry exception,
      Retry afterTimeout,
      Settler settler,
      LoopTelemetry telemetry) {
    this.phases = phases;
    this.first = first;
    this.success = success;
    this.exception = exception;
    this.afterTimeout = afterTimeout;
    this.telemetry = telemetry;
    this.settler = settler;
  }

  Settler settler() {
    return settler;
  }

  LoopTelemetry telemetry() {
    return telemetry;
  }

  /** What the lifecycle needs from the run that hosts it. */
  interface Guard {
    /** Whether the runtime timeout took this transaction over: stop, settle nothing. */
    boolean abandoned();

    /** Claims the right to settle; false when the runtime timeout already claimed it. */
    boolean claimSettlement();

    /** Adds retries taken so far, for the timed-out outcome. */
    void addRetries(int retries);

    int retries();
  }

  /**
   * Runs the chain on the calling thread.
   *
   * @return the outcome, or null when the guard abandoned this run
   */
  @Nullable Outcome run(Transaction tx, Guard guard) {
    RetryResult<R> result =
        first.run(telemetry.attempts(phases.firstPhaseName(), () -> phases.first(tx)));
    guard.addRetries(result.retries());
    if (guard.abandoned()) {
      return null;
    }
    Throwable failure;
    switch (result) {
      case RetryResult.Success<R> ok -> {
        RetryResult<@Nullable Void> handled =
            success.run(
                telemetry.attempts(
                    "success",
                    () -> {
                      phases.success(tx, ok.value());
                      return null;
                    }));
        guard.addRetries(handled.retries());
        if (guard.abandoned()) {
          return null;
        }
        if (handled instanceof RetryResult.Failure<?> f) {
          if (stopped(f) || f.error() instanceof ConnectionLostException) {
            return redeliverUnsettled(tx, f, guard, "success handler");
          }
          failure = f.error();
        } else {
          return settle(tx, guard, false, null, null);
        }
      }
      case RetryResult.Failure<R> f -> {
        if (stopped(f)) {
          return redeliverUnsettled(tx, f, guard, phases.firstPhaseName());
        }
        failure = f.error();
      }
    }
    TransactionException error = TransactionException.wrap(failure, tx.id());
    return handleFailure(tx, error, guard);
  }

  private @Nullable Outcome handleFailure(Transaction tx, TransactionException error, Guard guard) {
    RetryResult<@Nullable Void> handled = runExceptionHandler(tx, error);
    guard.addRetries(handled.retries());
    if (guard.abandoned()) {
      return null;
    }
    if (handled instanceof RetryResult.Failure<?> f) {
      if (stopped(f) || f.error() instanceof ConnectionLostException) {
        return redeliverUnsettled(tx, f, guard, "exception handler");
      }
      return settle(tx, guard, true, error, f.error());
    }
    return settle(tx, guard, false, error, null);
  }

  private RetryResult<@Nullable Void> runExceptionHandler(Transaction tx, TransactionException e) {
    return runExceptionHandler(exception, tx, e);
  }

  private RetryResult<@Nullable Void> runExceptionHandler(
      Retry retry, Transaction tx, TransactionException e) {
    return retry.run(
        telemetry.attempts(
            "exception",
            () -> {
              phases.failure(tx, e);
              return null;
            }));
  }

  /**
   * The runtime timeout's path: the exception handler once (under its retry) with the timeout
   * error, then settlement. Runs after the guard was claimed by the timeout.
   */
  Outcome timedOut(Transaction tx, TransactionException timeout, int retriesSoFar) {
    RetryResult<@Nullable Void> handled = runExceptionHandler(afterTimeout, tx, timeout);
    int retries = retriesSoFar + handled.retries();
    boolean ok = handled.isSuccess();
    if (handled instanceof RetryResult.Failure<?> f && stopped(f)) {
      // Stopped during the handler's retries: give the transaction back rather than fail it.
      try {
        settler.release(tx);
      } catch (SettlementException e) {
        LOG.warn("{}", e.getMessage());
      }
      LOG.warn(
          "transaction {} released for redelivery: the run stopped during its timeout", tx.id());
      return new Outcome.Redeliver(tx.id(), f.error(), retries);
    }
    if (handled instanceof RetryResult.Failure<?> f
        && f.error() instanceof ConnectionLostException lost) {
      warnRedeliver(tx, "exception handler", lost);
      return new Outcome.Redeliver(tx.id(), lost, retries);
    }
    try {
      Disposition d =
          ok
              ? settler.acknowledge(tx)
              : settler.giveUp(
                  tx, new Rejection(timeout, ((RetryResult.Failure<?>) handled).error(), retries));
      if (!ok) {
        LOG.error(
            "transaction {} timed out and its exception handler failed too; {}",
            tx.id(),
            d,
            ((RetryResult.Failure<?>) handled).error());
      }
      return new Outcome.TimedOut(tx.id(), timeout, ok, retries, d);
    } catch (SettlementException e) {
      warnRedeliver(tx, "settlement", e);
      return new Outcome.Redeliver(tx.id(), e, retries);
    }
  }

  private @Nullable Outcome settle(
      Transaction tx,
      Guard guard,
      boolean unhandled,
      @Nullable TransactionException error,
      @Nullable Throwable handlerError) {
    if (!guard.claimSettlement()) {
      return null;
    }
    int retries = guard.retries();
    try {
      if (unhandled) {
        Disposition d =
            settler.giveUp(tx, new Rejection(requireError(error), handlerError, retries));
        LOG.error(
            "transaction {} failed and its exception handler failed too ({}); {}",
            tx.id(),
            error,
            d,
            handlerError);
        return new Outcome.FailedUnhandled(tx.id(), requireError(error), handlerError, retries, d);
      }
      Disposition d = settler.acknowledge(tx);
      return error == null
          ? new Outcome.Succeeded(tx.id(), retries, d)
          : new Outcome.FailedHandled(tx.id(), error, retries, d);
    } catch (SettlementException e) {
      warnRedeliver(tx, "settlement", e);
      return new Outcome.Redeliver(tx.id(), e, retries);
    }
  }

  private static TransactionException requireError(@Nullable TransactionException error) {
    if (error == null) {
      throw new IllegalStateException("an unhandled outcome needs its error");
    }
    return error;
  }

  private @Nullable Outcome redeliverUnsettled(
      Transaction tx, RetryResult.Failure<?> f, Guard guard, String phase) {
    if (!guard.claimSettlement()) {
      return null;
    }
    if (stopped(f)) {
      // Stopped during a retry backoff: give the transaction back rather than fail it. A pending
      // interrupt would make a blocking client's reject fail, so it is held off while releasing.
      boolean interrupted = Thread.interrupted();
      try {
        settler.release(tx);
      } catch (SettlementException e) {
        LOG.warn("{}", e.getMessage());
      } finally {
        if (interrupted) {
          Thread.currentThread().interrupt();
        }
      }
      LOG.warn("transaction {} released for redelivery: the run stopped during {}", tx.id(), phase);
    } else {
      warnRedeliver(tx, phase, f.error());
    }
    return new Outcome.Redeliver(tx.id(), f.error(), guard.retries());
  }

  private static boolean stopped(RetryResult.Failure<?> f) {
    return f.reason() == FailureReason.STOPPED || f.reason() == FailureReason.INTERRUPTED;
  }

  private static void warnRedeliver(Transaction tx, String where, Throwable cause) {
    LOG.warn(
        "transaction {}: {} lost its connection to the source ({}); the source will redeliver it",
        tx.id(),
        where,
        cause.toString());
  }
}
