package dev.ergon.engine.internal;

import dev.ergon.engine.EndReason;
import dev.ergon.engine.Outcome;
import dev.ergon.engine.RunReport;
import dev.ergon.engine.internal.LoopProbe.State;
import dev.ergon.policy.Backoff;
import dev.ergon.policy.LoopMode;
import dev.ergon.retry.FailureReason;
import dev.ergon.retry.Retry;
import dev.ergon.retry.RetryResult;
import dev.ergon.transaction.Transaction;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The loop: takes transactions from a source and runs each one's lifecycle, in batch mode (fetch a
 * batch, run it with bounded concurrency, fetch again) or continuous mode (keep the concurrency
 * bound filled, fetching as slots free). Streaming loops back off on an empty source; others end.
 * It takes exactly {@code limit} transactions at most, honours the loop timeout in every mode,
 * stops fetching on stop, and releases fetched transactions it did not start.
 *
 * @param <R> what the first phase returns
 */
final class LoopRunner<R extends @Nullable Object> {
  private static final Logger LOG = LoggerFactory.getLogger(LoopRunner.class);

  /** First delay after a failed fetch in a streaming loop; doubles per failure. */
  static final Duration FETCH_FAILURE_BACKOFF = Duration.ofSeconds(1);

  /** Largest delay between fetch attempts while the source keeps failing. */
  static final Duration FETCH_FAILURE_BACKOFF_CAP = Duration.ofSeconds(30);

  private static final long WATCHDOG_MIN_NANOS = TimeUnit.MILLISECONDS.toNanos(1);
  private static final long WATCHDOG_MAX_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

  /** How often a loop waiting for its lanes looks at its stop signal and deadline. */
  private static final long LANE_CHECK_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

  private final LoopSettings s;
  private final TransactionSource source;
  private final Retry fetchRetry;
  private final Lifecycle<R> lifecycle;
  private final EngineRuntime rt;
  private final LoopProbe probe;
  private final InFlight inFlight = new InFlight();
  private final LongAdder[] outcomes = new LongAdder[Outcome.Kind.values().length];
  private final LongAdder retries = new LongAdder();
  private final AtomicLong released = new AtomicLong();
  private final TransactionRun.Completion completion = this::completed;
  private long fetched;
  private long batches;
  private long emptyPolls;
  private long fetchFailures;

  LoopRunner(
      LoopSettings settings,
      TransactionSource source,
      Retry fetchRetry,
      Lifecycle<R> lifecycle,
      EngineRuntime runtime,
      LoopProbe probe) {
    this.s = settings;
    this.source = source;
    this.fetchRetry = fetchRetry;
    this.lifecycle = lifecycle;
    this.rt = runtime;
    this.probe = probe;
    for (int i = 0; i < outcomes.length; i++) {
      outcomes[i] = new LongAdder();
    }
  }

  RunReport run() {
    long startedAt = rt.time().nanoTime();
    long deadline =
        s.timeout() == null ? Long.MAX_VALUE : System.nanoTime() + s.timeout().toNanos();
    ExecutorService executor = rt.transactionExecutor(s.threads());
    probe.reserve(s.concurrency());
    ScheduledFuture<?> watchdog = startWatchdog();
    EndReason reason;
    Throwable failure = null;
    Span loopSpan = lifecycle.telemetry().startLoop(s.mode().name().toLowerCase(), s.streaming());
    try (Scope ignored = loopSpan.makeCurrent()) {
      Step step = loop(executor, deadline, loopSpan);
      reason = step.reason;
      failure = step.failure;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      reason = EndReason.STOPPED;
    } finally {
      awaitInFlight();
      if (watchdog != null) {
        watchdog.cancel(false);
      }
      executor.shutdown(); // abandoned (timed-out) threads are not awaited
      probe.state(State.FINISHED);
    }
    loopSpan.setAttribute("ergon.loop.end_reason", reason.name().toLowerCase());
    if (failure != null) {
      loopSpan.recordException(failure);
      loopSpan.setStatus(StatusCode.ERROR, reason.name());
    }
    loopSpan.end();
    Duration took = Duration.ofNanos(rt.time().nanoTime() - startedAt);
    RunReport report = report(reason, failure, took);
    LOG.info(
        "[{}] loop '{}' ended ({}): fetched={} succeeded={} failed_handled={} failed_unhandled={}"
            + " timed_out={} redelivered={} released={} retries={} in {}",
        rt.taskName(),
        s.policyName(),
        reason,
        report.fetched(),
        report.succeeded(),
        report.failedHandled(),
        report.failedUnhandled(),
        report.timedOut(),
        report.redelivered(),
        report.released(),
        report.retries(),
        took);
    return report;
  }

  private record Step(EndReason reason, @Nullable Throwable failure) {}

  private Step loop(ExecutorService executor, long deadline, Span loopSpan)
      throws InterruptedException {
    LoopTelemetry tele = lifecycle.telemetry();
    long taken = 0;
    int emptyCount = 0;
    int fetchFailureCount = 0;
    boolean batchMode = s.mode() == LoopMode.BATCH;
    while (true) {
      if (rt.stop().isStopped()) {
        return new Step(EndReason.STOPPED, null);
      }
      if (System.nanoTime() - deadline >= 0) {
        return new Step(EndReason.TIMED_OUT, null);
      }
      if (s.limit() != null && taken >= s.limit()) {
        return new Step(EndReason.LIMIT_REACHED, null);
      }
      int max = batchMode ? 0 : s.concurrency() - 1;
      if (!inFlight.awaitAtMost(max, deadline, rt.stop()) || ending(deadline)) {
        continue; // stop or deadline: the checks above end the loop
      }
      int room = batchMode ? s.batchSize() : s.concurrency() - inFlight.count();
      int want = s.limit() == null ? room : (int) Math.min(room, s.limit() - taken);
      if (fetchFailureCount == 0) {
        probe.state(State.FETCHING); // while the source keeps failing, stay FETCH_FAILING
      }
      Instant fetchStarted = tele.fetchStarted();
      RetryResult<List<Transaction>> result = fetchRetry.run(() -> source.take(want));
      if (result instanceof RetryResult.Failure<List<Transaction>> f) {
        tele.fetchFailed(fetchStarted, want, f.error());
        if (f.reason() == FailureReason.STOPPED || f.reason() == FailureReason.INTERRUPTED) {
          return new Step(EndReason.STOPPED, null); // the fetch retry gave up because of stop
        }
        fetchFailures++;
        if (!s.streaming() || !source.retryable()) {
          LOG.error("[{}] fetch failed; ending the loop: {}", rt.taskName(), f.error().toString());
          return new Step(EndReason.FETCH_FAILED, f.error());
        }
        probe.fetchFailed(f.error());
        Duration delay =
            Backoff.delay(
                FETCH_FAILURE_BACKOFF, 2.0, FETCH_FAILURE_BACKOFF_CAP, fetchFailureCount++);
        LOG.warn(
            "[{}] fetch failed ({}); the loop stays up and tries again in {}",
            rt.taskName(),
            f.error().toString(),
            delay);
        pause(delay, deadline);
        continue;
      }
      fetchFailureCount = 0;
      probe.fetchRecovered();
      List<Transaction> txs = ((RetryResult.Success<List<Transaction>>) result).value();
      tele.fetched(fetchStarted, want, txs.size());
      fetched += txs.size(); // the surplus too: it is released, so fetched = processed + released
      probe.fetched(txs.size());
      if (txs.size() > want) {
        LOG.warn(
            "[{}] the source returned {} transactions when {} were asked for; releasing the rest",
            rt.taskName(),
            txs.size(),
            want);
        releaseAll(txs.subList(want, txs.size()));
        txs = txs.subList(0, want);
      }
      if (txs.isEmpty()) {
        emptyPolls++;
        if (inFlight.count() > 0) {
          probe.state(State.PROCESSING);
          inFlight.awaitChange(deadline, rt.stop());
          continue;
        }
        if (!s.streaming()) {
          return new Step(EndReason.DRAINED, null);
        }
        probe.state(State.IDLE);
        pause(s.emptyQueue().delayAfterEmptyFetches(emptyCount++), deadline);
        continue;
      }
      emptyCount = 0;
      batches++;
      taken += txs.size();
      probe.state(State.PROCESSING);
      Span batch = tele.startBatch(loopSpan, txs.size(), s.streaming());
      boolean started;
      try (Scope ignored = batch.makeCurrent()) {
        started = startAll(txs, executor, deadline);
        if (started && batchMode) {
          inFlight.awaitZero();
        }
      } finally {
        batch.end();
      }
      if (!started || !batchMode) {
        continue;
      }
      boolean limitReached = s.limit() != null && taken >= s.limit();
      if (s.batchInterval().isPositive() && !limitReached) {
        pause(s.batchInterval(), deadline); // not after the last batch a limit allows
      }
    }
  }

  /** Sleeps through the stop signal, but never past the loop deadline. */
  private void pause(Duration delay, long deadline) throws InterruptedException {
    Duration d = delay;
    if (deadline != Long.MAX_VALUE) {
      Duration left = Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
      d = left.compareTo(d) < 0 ? left : d;
    }
    rt.stop().sleep(rt.time(), d);
  }

  /** Starts each transaction when a slot is free; releases the rest on stop or loop timeout. */
  private boolean startAll(List<Transaction> txs, ExecutorService executor, long deadline)
      throws InterruptedException {
    if (s.mode() == LoopMode.BATCH && txs.size() > 1) {
      return new Lanes(txs, executor, deadline).run();
    }
    boolean single = txs.size() == 1;
    for (int i = 0; i < txs.size(); i++) {
      if (!inFlight.awaitAtMost(s.concurrency() - 1, deadline, rt.stop()) || ending(deadline)) {
        releaseAll(txs.subList(i, txs.size()));
        return false;
      }
      start(txs.get(i), executor, single);
    }
    return true;
  }

  /**
   * Whether the loop must take no more work: stopped, or past its deadline. Checked again after a
   * slot frees, since a wait can end on a completion after the stop or the deadline.
   */
  private boolean ending(long deadline) {
    return rt.stop().isStopped() || System.nanoTime() - deadline >= 0;
  }

  private void start(Transaction tx, ExecutorService executor, boolean single) {
    inFlight.increment();
    TransactionRun<R> run =
        new TransactionRun<>(
            tx,
            lifecycle,
            rt.taskName(),
            rt.listener(),
            single,
            completion,
            executor,
            s.runtimeTimeout());
    probe.started(run); // before it starts: the watchdog sees it, and it is removed once
    run.start();
  }

  /**
   * One batch run by at most {@code min(concurrency, size)} lanes: each lane is one task on the
   * executor that takes the batch's next transaction and runs it on its own thread, back to back,
   * so that a batch costs one hand-off per lane instead of one per transaction, and the loop thread
   * waits once per batch. The concurrency bound is the number of lanes. A lane whose transaction
   * times out is abandoned with it and replaced at once. On stop or loop timeout the loop closes
   * the cursor and releases what no lane took; a lane finishes the transaction it holds.
   *
   * <p>Lanes are added as earlier ones start: the loop starts one, and a lane about to run a
   * transaction adds another while transactions are left for it and fewer lanes are on their way
   * than have started, so the lanes double per thread start-up up to the bound. Transactions that
   * block (I/O) fill the bound within a few start-ups; short ones are run by the first lanes before
   * more threads are woken for nothing. The batch ends when its last transaction completes, not
   * when its last lane exits: a lane started late finds nothing left and exits on its own.
   */
  private final class Lanes {
    private final List<Transaction> txs;
    private final ExecutorService executor;
    private final long deadline;
    private final Context parent = Context.current();
    private final AtomicInteger cursor = new AtomicInteger();
    private final Thread loopThread = Thread.currentThread();
    private final AtomicInteger active = new AtomicInteger();

    /** Numbers the lanes: a lane's number is the slot it tries first in the run registry. */
    private final AtomicInteger lanesSpawned = new AtomicInteger();

    /** Lanes added to the batch (not counting replacements of abandoned ones). */
    private final AtomicInteger added = new AtomicInteger();

    /** Lanes that began running. */
    private final AtomicInteger startedLanes = new AtomicInteger();

    /** The most lanes this batch adds: {@code min(concurrency, size)}. */
    private final int maxLanes;

    private final Runnable abandon = this::abandoned;

    /** Transactions of this batch that have their outcome. */
    private final AtomicInteger finished = new AtomicInteger();

    private final TransactionRun.Completion done = this::done;

    Lanes(List<Transaction> txs, ExecutorService executor, long deadline) {
      this.txs = txs;
      this.executor = executor;
      this.deadline = deadline;
      this.maxLanes = Math.min(s.concurrency(), txs.size());
    }

    /** Runs the batch; false when stop or the loop timeout ended it early (the rest released). */
    boolean run() throws InterruptedException {
      added.incrementAndGet();
      spawn();
      while (finished.get() < txs.size() && active.get() > 0 && !ending(deadline)) {
        if (Thread.interrupted()) {
          close();
          throw new InterruptedException();
        }
        long left = deadline - System.nanoTime();
        LockSupport.parkNanos(this, Math.min(LANE_CHECK_NANOS, Math.max(1, left)));
      }
      return close();
    }

    /**
     * Lets no lane take more, and releases what none took.
     *
     * @return true when every transaction was taken (the loop then awaits those in flight)
     */
    private boolean close() {
      int next = Math.min(cursor.getAndSet(txs.size()), txs.size());
      if (next < txs.size()) {
        releaseAll(txs.subList(next, txs.size()));
        return false;
      }
      return true;
    }

    private void spawn() {
      active.incrementAndGet();
      try {
        int number = lanesSpawned.getAndIncrement();
        executor.execute(() -> lane(number));
      } catch (RuntimeException e) {
        exited();
        throw e;
      }
    }

    private void exited() {
      if (active.decrementAndGet() == 0 && finished.get() < txs.size()) {
        LockSupport.unpark(loopThread);
      }
    }

    private void done(TransactionRun<?> run, Outcome outcome) {
      completed(run, outcome);
      if (finished.incrementAndGet() == txs.size()) {
        LockSupport.unpark(loopThread);
      }
    }

    /** A lane whose transaction timed out: replaced by a new lane, and no longer counted. */
    private void abandoned() {
      spawn();
      exited();
    }

    /**
     * Adds lanes while transactions beyond {@code taken} are left and fewer lanes are on their way
     * than have started (so the lanes double per start-up even when each one blocks). A lane that
     * cannot be added is not fatal: the running lanes take its work.
     */
    private void maybeAdd(int taken) {
      int n;
      while (taken + 1 < txs.size()
          && (n = added.get()) < maxLanes
          && lanesSpawned.get() - startedLanes.get() < startedLanes.get()) {
        if (added.compareAndSet(n, n + 1)) {
          try {
            spawn();
          } catch (RuntimeException e) {
            LOG.warn(
                "[{}] could not add a lane to the batch; the running lanes take its work: {}",
                rt.taskName(),
                e.toString());
            return;
          }
        }
      }
    }

    private void lane(int number) {
      boolean retired = false;
      startedLanes.incrementAndGet();
      try {
        while (!rt.stop().isStopped()) {
          int i = cursor.getAndIncrement();
          if (i >= txs.size()) {
            return;
          }
          maybeAdd(i);
          inFlight.increment();
          TransactionRun<R> run =
              new TransactionRun<>(
                  txs.get(i),
                  lifecycle,
                  rt.taskName(),
                  rt.listener(),
                  false,
                  done,
                  executor,
                  s.runtimeTimeout(),
                  parent,
                  abandon);
          probe.started(run, number);
          run.runHere();
          if (run.abandoned()) {
            retired = true; // replaced, and uncounted, when it timed out
            return;
          }
        }
      } finally {
        if (!retired) {
          exited();
        }
      }
    }
  }

  private void completed(TransactionRun<?> run, Outcome o) {
    outcomes[o.kind().ordinal()].increment();
    retries.add(o.retries());
    probe.finished(run);
    inFlight.decrement();
  }

  /**
   * Checks the runtime timeout of every transaction in flight, on the engine's timer, instead of a
   * timer per transaction. A transaction is ended at most one period after its timeout.
   */
  private @Nullable ScheduledFuture<?> startWatchdog() {
    Duration timeout = s.runtimeTimeout();
    if (timeout == null) {
      return null;
    }
    long period = Math.clamp(timeout.toNanos() / 20, WATCHDOG_MIN_NANOS, WATCHDOG_MAX_NANOS);
    return rt.timer()
        .scheduleWithFixedDelay(
            () -> {
              try {
                long now = System.nanoTime();
                probe.forEachInFlight(run -> run.checkTimeout(now));
              } catch (RuntimeException e) {
                LOG.error("[{}] runtime-timeout check failed", rt.taskName(), e);
              }
            },
            period,
            period,
            TimeUnit.NANOSECONDS);
  }

  private void releaseAll(List<Transaction> txs) {
    for (Transaction tx : txs) {
      try {
        lifecycle.settler().release(tx);
      } catch (Settler.SettlementException e) {
        LOG.warn("{}", e.getMessage());
      }
      released.incrementAndGet();
    }
    if (!txs.isEmpty()) {
      LOG.info("[{}] released {} fetched transaction(s) unstarted", rt.taskName(), txs.size());
    }
  }

  private void awaitInFlight() {
    boolean interrupted = false;
    while (true) {
      try {
        inFlight.awaitZero();
        break;
      } catch (InterruptedException e) {
        interrupted = true; // in-flight work is bounded by its runtime timeout; keep waiting
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  private RunReport report(EndReason reason, @Nullable Throwable failure, Duration took) {
    return new RunReport(
        s.policyName(),
        reason,
        fetched,
        count(Outcome.Kind.SUCCEEDED),
        count(Outcome.Kind.FAILED_HANDLED),
        count(Outcome.Kind.FAILED_UNHANDLED),
        count(Outcome.Kind.TIMED_OUT),
        count(Outcome.Kind.REDELIVER),
        released.get(),
        retries.sum(),
        batches,
        emptyPolls,
        fetchFailures,
        took,
        failure);
  }

  private long count(Outcome.Kind kind) {
    return outcomes[kind.ordinal()].sum();
  }
}
