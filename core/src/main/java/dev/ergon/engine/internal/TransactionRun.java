package dev.ergon.engine.internal;

import dev.ergon.engine.Outcome;
import dev.ergon.engine.OutcomeListener;
import dev.ergon.transaction.Transaction;
import dev.ergon.transaction.TransactionTimeoutException;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.context.Scope;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * One transaction in flight: runs its {@link Lifecycle} on a thread of the executor and enforces
 * the transaction runtime timeout. The lifecycle and the timeout race for one state; whoever wins
 * settles, so a transaction is settled once and ends with exactly one outcome. On expiry the
 * lifecycle's thread is interrupted and abandoned (never awaited), and the exception handler runs
 * on another thread with a TIMEOUT error.
 */
final class TransactionRun<R extends @Nullable Object> implements Lifecycle.Guard {
  private static final Logger LOG = LoggerFactory.getLogger(TransactionRun.class);
  private static final int RUNNING = 0;
  private static final int SETTLING = 1;
  private static final int TIMED_OUT = 2;

  private final Transaction tx;
  private final Lifecycle<R> lifecycle;
  private final String taskName;
  private final OutcomeListener listener;
  private final CompletableFuture<Outcome> outcome = new CompletableFuture<>();
  private final AtomicInteger state = new AtomicInteger(RUNNING);
  private final AtomicInteger retries = new AtomicInteger();
  private final AtomicBoolean completed = new AtomicBoolean();
  private final Span span;
  private final long startedNanos = System.nanoTime();
  private @Nullable Thread thread;
  private @Nullable ScheduledFuture<?> timeoutTask;

  /**
   * Prepares the run; its span starts now, as a child of the current context (the batch).
   *
   * @param single whether the transaction came alone (the trace continuation may then make it a
   *     child of the trace in its metadata)
   */
  TransactionRun(
      Transaction tx, Lifecycle<R> lifecycle, String taskName, OutcomeListener l, boolean single) {
    this.tx = tx;
    this.lifecycle = lifecycle;
    this.taskName = taskName;
    this.listener = l;
    this.span = lifecycle.telemetry().startTransaction(tx, single);
  }

  /** Starts the lifecycle on {@code executor}; the future completes with the one outcome. */
  CompletableFuture<Outcome> start(
      Executor executor, ScheduledExecutorService timer, @Nullable Duration runtimeTimeout) {
    executor.execute(this::runLifecycle);
    if (runtimeTimeout != null) {
      ScheduledFuture<?> t =
          timer.schedule(
              () -> onTimeout(executor, runtimeTimeout),
              runtimeTimeout.toNanos(),
              TimeUnit.NANOSECONDS);
      synchronized (this) {
        timeoutTask = t;
      }
      if (outcome.isDone()) {
        t.cancel(false);
      }
    }
    return outcome;
  }

  private void runLifecycle() {
    synchronized (this) {
      thread = Thread.currentThread();
    }
    try (Scope ignored = span.makeCurrent()) {
      enterMdc();
      Outcome o = lifecycle.run(tx, this);
      if (o != null) {
        complete(o);
      }
    } catch (Throwable t) {
      failUnexpectedly(t);
      if (t instanceof VirtualMachineError e) {
        throw e;
      }
    } finally {
      leaveMdc();
      synchronized (this) {
        thread = null;
        if (state.get() == TIMED_OUT) {
          Thread.interrupted(); // a late interrupt from onTimeout must not leak to the next task
        }
        if (timeoutTask != null && state.get() != TIMED_OUT) {
          timeoutTask.cancel(false);
        }
      }
    }
  }

  private void failUnexpectedly(Throwable t) {
    LOG.error("transaction {}: the engine failed unexpectedly; releasing it", tx.id(), t);
    if (claimSettlement()) {
      try {
        lifecycle.settler().release(tx);
      } catch (Settler.SettlementException e) {
        LOG.warn("{}", e.getMessage());
      }
      complete(new Outcome.Redeliver(tx.id(), t, retries.get()));
    }
  }

  private void onTimeout(Executor executor, Duration timeout) {
    if (!state.compareAndSet(RUNNING, TIMED_OUT)) {
      return;
    }
    synchronized (this) {
      if (thread != null) {
        thread.interrupt();
      }
    }
    LOG.error(
        "transaction {} exceeded its runtime timeout {}; interrupting it and invoking the exception"
            + " handler",
        tx.id(),
        timeout);
    TransactionTimeoutException error = new TransactionTimeoutException(tx.id(), timeout);
    executor.execute(
        () -> {
          try (Scope ignored = span.makeCurrent()) {
            enterMdc();
            complete(lifecycle.timedOut(tx, error, retries.get()));
          } catch (Throwable t) {
            LOG.error("transaction {}: timeout handling failed", tx.id(), t);
            complete(new Outcome.Redeliver(tx.id(), t, retries.get()));
          } finally {
            leaveMdc();
          }
        });
  }

  /** Puts the transaction, task and trace ids into the SLF4J MDC of this thread. */
  private void enterMdc() {
    MDC.put("transaction_id", tx.id());
    MDC.put("task", taskName);
    SpanContext sc = span.getSpanContext();
    if (sc.isValid()) {
      MDC.put("trace_id", sc.getTraceId());
      MDC.put("span_id", sc.getSpanId());
    }
  }

  private static void leaveMdc() {
    MDC.remove("transaction_id");
    MDC.remove("task");
    MDC.remove("trace_id");
    MDC.remove("span_id");
  }

  private void complete(Outcome o) {
    if (!completed.compareAndSet(false, true)) {
      return;
    }
    lifecycle.telemetry().endTransaction(span, o, startedNanos);
    try {
      listener.onOutcome(tx, o);
    } catch (RuntimeException e) {
      LOG.warn("outcome listener failed for transaction {}", tx.id(), e);
    }
    outcome.complete(o); // after the listener, so a finished loop has reported every outcome
  }

  @Override
  public boolean abandoned() {
    return state.get() == TIMED_OUT;
  }

  @Override
  public boolean claimSettlement() {
    return state.compareAndSet(RUNNING, SETTLING);
  }

  @Override
  public void addRetries(int n) {
    retries.addAndGet(n);
  }

  @Override
  public int retries() {
    return retries.get();
  }
}
