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
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ConcurrentLinkedQueue;
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

  /**
   * The work a batch's lanes must have left before one more is brought: about what starting a lane
   * (a hand-off to a parked thread, and its wake-up) costs on a loaded machine.
   */
  private static final long ADD_LANE_NANOS = TimeUnit.MICROSECONDS.toNanos(30);

  /** Most and fewest {@link Thread#yield()} calls of the loop before it parks for a batch's end. */
  private static final int MAX_YIELDS = 512;

  private static final int MIN_YIELDS = 128;

  /** The loop thread's current yield budget ({@code Lanes#yieldForBatch}); its own. */
  private int batchYields = 256;

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

  /** Continuous mode's lanes, for the loop's lifetime; null in batch mode. */
  private @Nullable Feed feed;

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
    if (s.mode() == LoopMode.CONTINUOUS) {
      feed = new Feed(executor, deadline);
    }
    boolean finishHandedOn = false;
    try (Scope ignored = loopSpan.makeCurrent()) {
      Step step = loop(executor, deadline, loopSpan);
      reason = step.reason;
      failure = step.failure;
      finishHandedOn = reason != EndReason.STOPPED && reason != EndReason.TIMED_OUT;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      reason = EndReason.STOPPED;
    } finally {
      if (feed != null) {
        // a loop that ended by limit, drain or fetch failure runs what it took; on stop or loop
        // timeout (or when the wait is cut short by them) what no lane took is released
        feed.close(finishHandedOn, deadline);
      }
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
      boolean ready =
          batchMode
              ? inFlight.awaitAtMost(0, deadline, rt.stop())
              : requireFeed().awaitRoom(deadline, rt.stop());
      if (!ready || ending(deadline)) {
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
        if (batchMode) {
          started = startAll(txs, executor, deadline);
          if (started) {
            inFlight.awaitZero();
          }
        } else {
          requireFeed().push(txs);
          started = true;
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

  private Feed requireFeed() {
    Feed f = feed;
    if (f == null) {
      throw new IllegalStateException("continuous mode without its lanes");
    }
    return f;
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

    /** When the batch's first transaction was taken ({@link System#nanoTime()}). */
    private volatile long firstTaken;

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
      yieldForBatch();
      while (running() && !ending(deadline)) {
        if (Thread.interrupted()) {
          close();
          throw new InterruptedException();
        }
        long left = deadline - System.nanoTime();
        LockSupport.parkNanos(this, Math.min(LANE_CHECK_NANOS, Math.max(1, left)));
      }
      return close();
    }

    private boolean running() {
      return finished.get() < txs.size() && active.get() > 0;
    }

    /**
     * Gives the processor to the lanes a few times before the loop parks for the batch's end: a
     * batch of short transactions often ends meanwhile, and then the loop fetches again without
     * being parked and woken (tens of µs each on a loaded machine). The budget doubles when the
     * batch ended while yielding and halves when it did not, so a loop whose batches are long
     * yields little.
     */
    private void yieldForBatch() {
      int budget = batchYields;
      int i = 0;
      while (i < budget && running()) {
        Thread.yield();
        i++;
      }
      if (i > 0) {
        batchYields =
            running() ? Math.max(MIN_YIELDS, budget / 2) : Math.min(MAX_YIELDS, budget * 2);
      }
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
     * Adds lanes while transactions beyond {@code taken} are left, fewer lanes are on their way
     * than have started (so the lanes double per start-up even when each one blocks) and the work
     * left is worth another lane ({@link #worthALane}). A lane that cannot be added is not fatal:
     * the running lanes take its work.
     */
    private void maybeAdd(int taken) {
      int n;
      while (taken + 1 < txs.size()
          && (n = added.get()) < maxLanes
          && lanesSpawned.get() - startedLanes.get() < startedLanes.get()
          && worthALane(taken)) {
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

    /**
     * Whether the transactions left after {@code taken} would keep the lanes started so far busy
     * for longer than bringing another lane costs, at the pace of those finished so far; true while
     * none has finished (the work may block, and another lane is what it needs).
     */
    private boolean worthALane(int taken) {
      int done = finished.get();
      if (done == 0) {
        return true;
      }
      long perTx = (System.nanoTime() - firstTaken) / done;
      long left = txs.size() - taken - 1L;
      return perTx * left / Math.max(1, startedLanes.get()) > ADD_LANE_NANOS;
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
          if (i == 0) {
            firstTaken = System.nanoTime();
          }
          maybeAdd(i);
          inFlight.increment();
          if (runOnLane(txs.get(i), false, done, executor, parent, abandon, number)) {
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

  /**
   * Continuous mode's lanes: the loop pushes what it fetched, and lanes (tasks on the executor that
   * live as long as there is work) take it one transaction at a time and run it on their own
   * thread, back to back, so that a transaction costs no hand-off of its own. What is pushed and
   * not yet taken counts as in flight, so a fetch never asks for more than the concurrency leaves.
   *
   * <p>The loop is woken to fetch again when a slot is free and at most half the concurrency is
   * left waiting for a lane (a completion or a take makes that true), not at every completion. A
   * lane that finds nothing waits a moment for the next push before it exits; the loop hands a push
   * to such waiting lanes first and starts one more lane when work is left and none is on its way,
   * and a lane that takes a transaction while more wait does the same, so lanes grow to what the
   * work needs (one per transaction in flight when each one blocks) up to the concurrency. On stop
   * or loop timeout lanes take no more, and {@link #close} releases what none took.
   */
  private final class Feed {
    /** How long a lane without work waits for the next push before it exits. */
    private static final long LINGER_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

    /**
     * Most and fewest {@link Thread#onSpinWait()} rounds the loop spends looking for room before it
     * parks (about 100 µs and 2.5 µs). Parking and waking a thread costs tens of µs on a virtual
     * machine, a loop's whole fetch cycle when transactions are short; the budget doubles when room
     * came while spinning and halves when it did not, so a loop whose room comes rarely spins
     * little.
     */
    private static final int MAX_SPINS = 2048;

    private static final int MIN_SPINS = 64;

    private record Chunk(
        List<Transaction> txs, Context parent, boolean single, AtomicInteger next) {}

    private record Taken(Transaction tx, Chunk chunk) {}

    private final ExecutorService executor;
    private final long deadline;
    private final int concurrency = s.concurrency();

    /** The loop fetches again once at most this many pushed transactions wait for a lane. */
    private final int lowWater = (s.concurrency() - 1) / 2;

    private final ConcurrentLinkedQueue<Chunk> chunks = new ConcurrentLinkedQueue<>();

    /** Pushed transactions no lane has taken yet. */
    private final AtomicInteger waiting = new AtomicInteger();

    /** Lanes running or on their way. */
    private final AtomicInteger active = new AtomicInteger();

    /** Lanes on their way (handed to the executor, not yet running). */
    private final AtomicInteger starting = new AtomicInteger();

    /** Numbers the lanes: a lane's number is the slot it tries first in the run registry. */
    private final AtomicInteger numbers = new AtomicInteger();

    /** Lanes waiting for work, newest first. */
    private final ConcurrentLinkedDeque<Thread> idle = new ConcurrentLinkedDeque<>();

    private final Runnable abandon = this::abandoned;
    private volatile boolean closed;
    private volatile boolean finishing;

    /** Spin rounds before the loop parks for room; the loop thread's own. */
    private int spinBudget = MIN_SPINS;

    private volatile @Nullable Thread loopWaiter;

    Feed(ExecutorService executor, long deadline) {
      this.executor = executor;
      this.deadline = deadline;
    }

    private boolean roomFor() {
      return inFlight.count() < concurrency && waiting.get() <= lowWater;
    }

    /**
     * Waits until the loop should fetch: a slot is free and few pushed transactions wait.
     *
     * @return false when stop or the loop deadline ended the wait
     */
    boolean awaitRoom(long loopDeadline, dev.ergon.time.StopSignal stop)
        throws InterruptedException {
      int budget = spinBudget;
      for (int i = 0; i < budget; i++) {
        if (roomFor()) {
          spinBudget = Math.min(MAX_SPINS, budget * 2); // room comes quickly: keep spinning
          return true;
        }
        Thread.onSpinWait();
      }
      spinBudget = Math.max(MIN_SPINS, budget / 2); // it did not: spin less next time
      loopWaiter = Thread.currentThread();
      try {
        while (!roomFor()) {
          if (Thread.interrupted()) {
            throw new InterruptedException();
          }
          long left = loopDeadline - System.nanoTime();
          if (stop.isStopped() || left <= 0) {
            return false;
          }
          LockSupport.parkNanos(this, Math.min(LANE_CHECK_NANOS, left));
        }
        return true;
      } finally {
        loopWaiter = null;
      }
    }

    /** Wakes the loop when it waits for room and there is room now, or for the lanes to drain. */
    void signal() {
      Thread w = loopWaiter;
      if (w != null && (finishing ? waiting.get() == 0 : roomFor())) {
        LockSupport.unpark(w);
      }
    }

    /** Hands fetched transactions (counted in flight from now on) to the lanes. */
    void push(List<Transaction> txs) {
      inFlight.add(txs.size());
      chunks.add(new Chunk(txs, Context.current(), txs.size() == 1, new AtomicInteger()));
      waiting.addAndGet(txs.size());
      maybeAdd(true);
    }

    /**
     * Brings one more lane, a waiting one first, when transactions wait and no lane is on its way
     * (for the loop after a push: also when no lane is active at all), within the concurrency. One
     * lane on its way at a time: a lane that arrives and finds more waiting brings the next, so
     * lanes grow while work waits for them, and short transactions are run by the lanes already
     * there instead of waking every one.
     */
    private void maybeAdd(boolean fromLoop) {
      while (waiting.get() > 0 && !closed) {
        int a = active.get();
        if (starting.get() > 0 && !(fromLoop && a == 0)) {
          return;
        }
        Thread lane = idle.poll();
        if (lane != null) {
          starting.incrementAndGet(); // the lane takes it back when it wakes (see linger)
          LockSupport.unpark(lane);
          return;
        }
        if (a >= concurrency) {
          return;
        }
        if (active.compareAndSet(a, a + 1)) {
          starting.incrementAndGet();
          try {
            int number = numbers.getAndIncrement() % concurrency;
            executor.execute(() -> lane(number));
          } catch (RuntimeException e) {
            starting.decrementAndGet();
            active.decrementAndGet();
            if (a == 0) {
              throw e; // no lane runs: the loop cannot go on
            }
            LOG.warn(
                "[{}] could not add a lane; the running lanes take its work: {}",
                rt.taskName(),
                e.toString());
          }
          return;
        }
      }
    }

    private @Nullable Taken take() {
      Chunk c;
      while ((c = chunks.peek()) != null) {
        int i = c.next().getAndIncrement();
        if (i < c.txs().size()) {
          waiting.decrementAndGet();
          signal();
          return new Taken(c.txs().get(i), c);
        }
        chunks.remove(c); // used up
      }
      return null;
    }

    /** Waits a moment for a push; true when there may be work now. */
    private boolean linger() {
      Thread me = Thread.currentThread();
      idle.push(me);
      if (waiting.get() == 0 && !closed) {
        LockSupport.parkNanos(this, LINGER_NANOS);
      }
      if (!idle.remove(me)) {
        starting.decrementAndGet(); // taken off the list to be handed work: arrived
        return !closed;
      }
      return !closed && waiting.get() > 0;
    }

    private void lane(int number) {
      starting.decrementAndGet();
      boolean retired = false;
      try {
        while (!closed && !ending(deadline)) {
          Taken t = take();
          if (t == null) {
            if (linger()) {
              continue;
            }
            active.decrementAndGet();
            if (rejoin()) {
              continue; // work came as it left, and no other lane may take it soon enough
            }
            retired = true; // uncounted already
            return;
          }
          maybeAdd(false);
          if (runOnLane(
              t.tx(),
              t.chunk().single(),
              completion,
              executor,
              t.chunk().parent(),
              abandon,
              number)) {
            retired = true; // replaced, and uncounted, when it timed out
            return;
          }
        }
      } finally {
        if (!retired) {
          active.decrementAndGet();
        }
      }
    }

    /**
     * After a lane stopped counting itself: counts it again when transactions wait and the
     * concurrency leaves room, so that work pushed as the lane left is not left to lanes that may
     * all be blocked in long transactions.
     */
    private boolean rejoin() {
      int a;
      while (waiting.get() > 0 && !closed && (a = active.get()) < concurrency) {
        if (active.compareAndSet(a, a + 1)) {
          return true;
        }
      }
      return false;
    }

    /** A lane whose transaction timed out: no longer counted; another takes the work. */
    private void abandoned() {
      active.decrementAndGet();
      maybeAdd(true);
    }

    /**
     * Ends the feed: first, when {@code runPushed}, waits until lanes took everything pushed (or
     * stop or the loop deadline cuts that short); then lets no lane take more, wakes the waiting
     * ones, and releases what none took, so that nothing unstarted counts as in flight.
     */
    void close(boolean runPushed, long loopDeadline) {
      if (runPushed) {
        finishing = true;
        loopWaiter = Thread.currentThread();
        try {
          while (waiting.get() > 0
              && !ending(loopDeadline)
              && !Thread.currentThread().isInterrupted()) {
            long left = loopDeadline - System.nanoTime();
            LockSupport.parkNanos(this, Math.min(LANE_CHECK_NANOS, Math.max(1, left)));
          }
        } finally {
          loopWaiter = null;
        }
      }
      closed = true;
      Thread lane;
      while ((lane = idle.poll()) != null) {
        starting.incrementAndGet(); // as for any lane taken off the list: it takes it back
        LockSupport.unpark(lane);
      }
      Chunk c;
      while ((c = chunks.poll()) != null) {
        int next = Math.min(c.next().getAndSet(c.txs().size()), c.txs().size());
        if (next < c.txs().size()) {
          List<Transaction> rest = c.txs().subList(next, c.txs().size());
          waiting.addAndGet(-rest.size());
          releaseAll(rest);
          for (int i = 0; i < rest.size(); i++) {
            inFlight.decrement();
          }
        }
      }
    }
  }

  /**
   * Runs one transaction on the calling lane's thread, registered for the watchdog and the health
   * report under the lane's slot hint.
   *
   * @return true when it timed out and its thread (this lane's) was abandoned
   */
  private boolean runOnLane(
      Transaction tx,
      boolean single,
      TransactionRun.Completion done,
      ExecutorService executor,
      Context parent,
      Runnable abandon,
      int number) {
    TransactionRun<R> run =
        new TransactionRun<>(
            tx,
            lifecycle,
            rt.taskName(),
            rt.listener(),
            single,
            done,
            executor,
            s.runtimeTimeout(),
            parent,
            abandon);
    probe.started(run, number);
    run.runHere();
    return run.abandoned();
  }

  private void completed(TransactionRun<?> run, Outcome o) {
    outcomes[o.kind().ordinal()].increment();
    if (o.retries() != 0) {
      retries.add(o.retries()); // an add of 0 still writes the shared cell
    }
    probe.finished(run);
    inFlight.decrement();
    Feed f = feed;
    if (f != null) {
      f.signal();
    }
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
