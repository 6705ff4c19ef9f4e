package dev.ergon.engine.internal;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * What a running loop is doing, for health reports: its state, when it last made progress, and the
 * last fetch failure while the source is failing. Written by the loop thread, read by anyone.
 */
public final class LoopProbe {
  /** Completions closer together than this do not move {@link #lastProgressNanos()} again. */
  private static final long PROGRESS_RESOLUTION_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

  /** Loop states, in health-report spelling. */
  public enum State {
    /** Not started yet. */
    STARTING,
    /** Waiting on the source. */
    FETCHING,
    /** Transactions in flight. */
    PROCESSING,
    /** The source was empty; backing off (streaming). */
    IDLE,
    /** Fetching fails after its retries; backing off and trying again (streaming). */
    FETCH_FAILING,
    /** The loop ended. */
    FINISHED
  }

  private volatile State state = State.STARTING;
  private volatile long lastProgressNanos = System.nanoTime();
  private volatile @Nullable Throwable fetchFailure;
  private volatile RunSlots<TransactionRun<?>> inFlight = new RunSlots<>(64);
  private final java.util.concurrent.atomic.AtomicLong fetched =
      new java.util.concurrent.atomic.AtomicLong();

  void state(State s) {
    if (state != s) {
      state = s;
      lastProgressNanos = System.nanoTime();
    }
  }

  void progress() {
    lastProgressNanos = System.nanoTime();
  }

  void fetched(int count) {
    fetched.addAndGet(count);
  }

  /**
   * Transactions this loop has taken from its source so far.
   *
   * @return the live fetched count
   */
  public long fetchedSoFar() {
    return fetched.get();
  }

  /**
   * Sizes the registry of runs in flight for a loop of this concurrency; called by the loop before
   * it starts any run.
   */
  void reserve(int concurrency) {
    if (inFlight.capacity() < concurrency && inFlight.size() == 0) {
      inFlight = new RunSlots<>(concurrency);
    }
  }

  /**
   * Registers a run about to start.
   *
   * @param hint the slot to try first (a lane's number), or -1 (see {@link RunSlots#add})
   */
  void started(TransactionRun<?> run, int hint) {
    inFlight.add(run, hint);
  }

  void started(TransactionRun<?> run) {
    started(run, -1);
  }

  void finished(TransactionRun<?> run) {
    inFlight.remove(run);
    // One clock read per completion, but a write to this shared field at most once a millisecond.
    long now = System.nanoTime();
    if (now - lastProgressNanos >= PROGRESS_RESOLUTION_NANOS) {
      lastProgressNanos = now;
    }
  }

  /** Runs {@code action} on each run in flight (for the runtime-timeout watchdog). */
  void forEachInFlight(Consumer<TransactionRun<?>> action) {
    inFlight.forEach(action);
  }

  /**
   * The transactions in flight and when each started ({@link System#nanoTime()}), so that a
   * supervisor can name the ones that are stuck. Two in flight with one id show once, with the
   * earlier start.
   *
   * @return an immutable snapshot: transaction id to start time
   */
  public Map<String, Long> inFlight() {
    Map<String, Long> m = new HashMap<>();
    inFlight.forEach(run -> m.merge(run.transaction().id(), run.startedNanos(), Math::min));
    return Map.copyOf(m);
  }

  void fetchFailed(Throwable t) {
    fetchFailure = t;
    state(State.FETCH_FAILING);
  }

  void fetchRecovered() {
    fetchFailure = null;
  }

  /**
   * The current state.
   *
   * @return the state
   */
  public State state() {
    return state;
  }

  /**
   * Whether the loop is healthy: false from a fetch that failed after its retries until a fetch
   * succeeds again (retrying in between does not count as recovery). An idle loop is healthy.
   *
   * @return true when healthy
   */
  public boolean healthy() {
    return fetchFailure == null;
  }

  /**
   * Nanoseconds ({@link System#nanoTime()}) of the last state change or completed transaction.
   *
   * @return the reading
   */
  public long lastProgressNanos() {
    return lastProgressNanos;
  }

  /**
   * A snapshot for health endpoints.
   *
   * @return state, healthy flag and the last fetch failure, if any
   */
  public Map<String, Object> snapshot() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("state", state.name().toLowerCase(java.util.Locale.ROOT));
    m.put("healthy", healthy());
    m.put("in_flight", inFlight.size());
    m.put("fetched", fetched.get());
    Throwable f = fetchFailure;
    if (f != null) {
      m.put("fetch_failure", f.toString());
    }
    return Map.copyOf(m);
  }
}
