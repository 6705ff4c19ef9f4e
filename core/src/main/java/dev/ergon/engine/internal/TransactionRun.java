package dev.ergon.engine.internal;

import dev.ergon.engine.Outcome;
import dev.ergon.engine.OutcomeListener;
import dev.ergon.transaction.Transaction;
import dev.ergon.transaction.TransactionTimeoutException;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * One transaction in flight: runs its {@link Lifecycle} on a thread of the executor (or on the
 * calling thread, for a loop's lane: {@link #runHere}) and enforces the transaction runtime
 * timeout. The lifecycle and the timeout race for one state; whoever wins settles, so a transaction
 * is settled once and ends with exactly one outcome. On expiry the lifecycle's thread is
 * interrupted and abandoned (never awaited), and the exception handler runs on another thread with
 * a TIMEOUT error.
 *
 * <p>The timeout is checked from outside: a loop's watchdog calls {@link #checkTimeout} for every
 * run in flight, so that a transaction costs no timer of its own; a single run ({@link
 * #startTimed}) schedules one. Its span starts lazily on the first thread that needs it, as a child
 * of the context current when the run was created (the batch), so the loop thread only hands off.
 */
final class TransactionRun<R extends @Nullable Object> implements Lifecycle.Guard, RunSlots.Entry {
  private static final Logger LOG = LoggerFactory.getLogger(TransactionRun.class);
  private static final int RUNNING = 0;
  private static final int SETTLING = 1;
  private static final int TIMED_OUT = 2;

  @SuppressWarnings("rawtypes")
  private static final AtomicIntegerFieldUpdater<TransactionRun> STATE =
      AtomicIntegerFieldUpdater.newUpdater(TransactionRun.class, "state");

  @SuppressWarnings("rawtypes")
  private static final AtomicIntegerFieldUpdater<TransactionRun> RETRIES =
      AtomicIntegerFieldUpdater.newUpdater(TransactionRun.class, "retries");

  @SuppressWarnings("rawtypes")
  private static final AtomicIntegerFieldUpdater<TransactionRun> COMPLETED =
      AtomicIntegerFieldUpdater.newUpdater(TransactionRun.class, "completed");

  /** Receives the one outcome of a run, on the thread that produced it. */
  interface Completion {
    void completed(TransactionRun<?> run, Outcome outcome);
  }

  private final Transaction tx;
  private final Lifecycle<R> lifecycle;
  private final String taskName;
  private final OutcomeListener listener;
  private final Completion completion;
  private final Context parent;
  private final boolean single;
  private final long startedNanos = System.nanoTime();
  private volatile int state = RUNNING;
  private volatile int retries;
  private volatile int completed;
  private final Executor executor;
  private final @Nullable Duration timeout;
  private final long deadlineNanos;
  private volatile @Nullable Span span;

  /** The thread running the lifecycle, while it runs; interrupted on timeout. */
  private volatile @Nullable Thread thread;

  /** 1 while the timeout path is interrupting {@link #thread}; see {@link #runLifecycle}. */
  private volatile int interrupting;

  /** This run's slot in its loop's registry ({@link RunSlots}). */
  private volatile int slot = RunSlots.NONE;

  private final @Nullable Runnable onAbandon;

  /**
   * Prepares the run; its span will be a child of the current context (the batch).
   *
   * @param single whether the transaction came alone (the trace continuation may then make it a
   *     child of the trace in its metadata)
   * @param completion receives the outcome, after the outcome listener
   * @param executor runs the lifecycle, and the timeout path on expiry
   * @param runtimeTimeout bounds the run from now on; null for none
   */
  TransactionRun(
      Transaction tx,
      Lifecycle<R> lifecycle,
      String taskName,
      OutcomeListener l,
      boolean single,
      Completion completion,
      Executor executor,
      @Nullable Duration runtimeTimeout) {
    this(
        tx,
        lifecycle,
        taskName,
        l,
        single,
        completion,
        executor,
        runtimeTimeout,
        Context.current(),
        null);
  }

  /**
   * Prepares a run to be run on the calling thread ({@link #runHere}) by a loop's lane.
   *
   * @param parent the context its span is a child of (the batch)
   * @param onAbandon runs when the run times out and its thread is abandoned, so that the lane can
   *     be replaced; null for none
   */
  TransactionRun(
      Transaction tx,
      Lifecycle<R> lifecycle,
      String taskName,
      OutcomeListener l,
      boolean single,
      Completion completion,
      Executor executor,
      @Nullable Duration runtimeTimeout,
      Context parent,
      @Nullable Runnable onAbandon) {
    this.tx = tx;
    this.lifecycle = lifecycle;
    this.taskName = taskName;
    this.listener = l;
    this.single = single;
    this.completion = completion;
    this.parent = parent;
    this.onAbandon = onAbandon;
    this.executor = executor;
    this.timeout = runtimeTimeout;
    this.deadlineNanos = runtimeTimeout == null ? 0 : startedNanos + runtimeTimeout.toNanos();
  }

  Transaction transaction() {
    return tx;
  }

  long startedNanos() {
    return startedNanos;
  }

  @Override
  public void slot(int slot) {
    this.slot = slot;
  }

  @Override
  public int awaitSlot() {
    int s;
    while ((s = slot) == RunSlots.NONE) {
      Thread.onSpinWait();
    }
    return s;
  }

  /**
   * Starts the lifecycle on the executor. With a runtime timeout, {@link #checkTimeout} ends the
   * run once the timeout has passed since the run was created.
   */
  void start() {
    executor.execute(this::runLifecycle);
  }

  /**
   * Runs the lifecycle on the calling thread, to its end or until it is abandoned on timeout.
   * Returns normally in both cases; {@link #abandoned()} tells which.
   */
  void runHere() {
    runLifecycle();
  }

  /**
   * Starts the lifecycle with a timer of its own for the runtime timeout; for runs outside a loop.
   *
   * @return completes with the one outcome
   */
  static <R extends @Nullable Object> CompletableFuture<Outcome> startTimed(
      Transaction tx,
      Lifecycle<R> lifecycle,
      String taskName,
      OutcomeListener l,
      Executor executor,
      ScheduledExecutorService timer,
      @Nullable Duration runtimeTimeout) {
    CompletableFuture<Outcome> outcome = new CompletableFuture<>();
    TransactionRun<R> run =
        new TransactionRun<>(
            tx,
            lifecycle,
            taskName,
            l,
            true,
            (r, o) -> outcome.complete(o),
            executor,
            runtimeTimeout);
    run.start();
    if (runtimeTimeout != null) {
      ScheduledFuture<?> t =
          timer.schedule(
              () -> run.checkTimeout(System.nanoTime()),
              runtimeTimeout.toNanos(),
              TimeUnit.NANOSECONDS);
      outcome.whenComplete((o, e) -> t.cancel(false));
    }
    return outcome;
  }

  /**
   * Ends the run with the timeout path when its runtime timeout has passed at {@code nowNanos} and
   * it is still running; otherwise does nothing. Safe to call from any thread, any number of times.
   */
  void checkTimeout(long nowNanos) {
    Duration t = timeout;
    if (t != null && state == RUNNING && nowNanos - deadlineNanos >= 0) {
      onTimeout(t);
    }
  }

  private Span span() {
    Span s = span;
    if (s == null) {
      synchronized (this) {
        s = span;
        if (s == null) {
          s = lifecycle.telemetry().startTransaction(tx, single, parent);
          span = s;
        }
      }
    }
    return s;
  }

  private void runLifecycle() {
    thread = Thread.currentThread();
    Span s = span();
    try (Scope ignored = s.makeCurrent()) {
      enterMdc(s);
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
      leaveMdc(s);
      thread = null;
      // The timeout path sets `interrupting` before it reads `thread`, and this thread clears
      // `thread` before it reads `interrupting` (both volatile): either the timeout path saw no
      // thread, or this thread sees it interrupting (or the state it set before) and waits it
      // out, so that a late interrupt never leaks to the next transaction of this thread.
      if (interrupting != 0 || state == TIMED_OUT) {
        while (interrupting != 0) {
          Thread.onSpinWait();
        }
        Thread.interrupted();
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
      complete(new Outcome.Redeliver(tx.id(), t, retries));
    }
  }

  private void onTimeout(Duration timeout) {
    if (!STATE.compareAndSet(this, RUNNING, TIMED_OUT)) {
      return;
    }
    interrupting = 1;
    try {
      Thread t = thread;
      if (t != null) {
        t.interrupt();
      }
    } finally {
      interrupting = 0;
    }
    if (onAbandon != null) {
      try {
        onAbandon.run();
      } catch (RuntimeException e) { // the timeout path below must run whatever happens here
        LOG.error("transaction {}: could not replace its abandoned lane", tx.id(), e);
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
          Span s = span();
          try (Scope ignored = s.makeCurrent()) {
            enterMdc(s);
            complete(lifecycle.timedOut(tx, error, retries));
          } catch (Throwable t) {
            LOG.error("transaction {}: timeout handling failed", tx.id(), t);
            complete(new Outcome.Redeliver(tx.id(), t, retries));
          } finally {
            leaveMdc(s);
          }
        });
  }

  /** Puts the transaction, task and trace ids into the SLF4J MDC of this thread. */
  private void enterMdc(Span s) {
    MDC.put("transaction_id", tx.id());
    MDC.put("task", taskName);
    SpanContext sc = s.getSpanContext();
    if (sc.isValid()) {
      MDC.put("trace_id", sc.getTraceId());
      MDC.put("span_id", sc.getSpanId());
    }
  }

  /**
   * Removes what {@link #enterMdc} put for {@code s} (each removal is a thread-local map write).
   */
  private static void leaveMdc(Span s) {
    MDC.remove("transaction_id");
    MDC.remove("task");
    if (s.getSpanContext().isValid()) {
      MDC.remove("trace_id");
      MDC.remove("span_id");
    }
  }

  private void complete(Outcome o) {
    if (!COMPLETED.compareAndSet(this, 0, 1)) {
      return;
    }
    lifecycle.telemetry().endTransaction(span(), o, startedNanos);
    try {
      listener.onOutcome(tx, o);
    } catch (RuntimeException e) {
      LOG.warn("outcome listener failed for transaction {}", tx.id(), e);
    }
    completion.completed(this, o); // after the listener: a finished loop reported every outcome
  }

  @Override
  public boolean abandoned() {
    return state == TIMED_OUT;
  }

  @Override
  public boolean claimSettlement() {
    return STATE.compareAndSet(this, RUNNING, SETTLING);
  }

  @Override
  public void addRetries(int n) {
    RETRIES.addAndGet(this, n);
  }

  @Override
  public int retries() {
    return retries;
  }
}
