package dev.ergon.cli;

import dev.ergon.engine.Engine;
import dev.ergon.engine.Outcome;
import dev.ergon.engine.WorkerResult;
import dev.ergon.transaction.Transaction;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;

/**
 * The progress of a run: counts outcomes (as the worker's outcome listener) and reads the in-flight
 * count from the engine's health. On a terminal, {@link #tick()} redraws one line in place with
 * {@code \r}; otherwise it prints a plain line once per log interval. Thread-safe.
 *
 * <p>{@code fetched} is the loops' live count of transactions taken from their sources (before the
 * worker has started: those whose lifecycle ended plus those in flight).
 */
final class ProgressReporter implements RunObserver {
  /** How often a non-terminal run logs progress. */
  static final Duration DEFAULT_LOG_INTERVAL = Duration.ofSeconds(10);

  private final PrintWriter out;
  private final boolean terminal;
  private final LongSupplier nanoTime;
  private final long logIntervalNanos;
  private final long startNanos;
  private final LongAdder succeeded = new LongAdder();
  private final LongAdder failed = new LongAdder();
  private final LongAdder redelivered = new LongAdder();
  private final LongAdder retries = new LongAdder();
  private volatile IntSupplier inFlight = () -> 0;
  private volatile @Nullable LongSupplier fetched;
  private long lastLogNanos;
  private int lastWidth;
  private boolean drawn;

  ProgressReporter(PrintWriter out, boolean terminal, LongSupplier nanoTime, Duration logInterval) {
    this.out = out;
    this.terminal = terminal;
    this.nanoTime = nanoTime;
    this.logIntervalNanos = logInterval.toNanos();
    this.startNanos = nanoTime.getAsLong();
    this.lastLogNanos = startNanos;
  }

  boolean terminal() {
    return terminal;
  }

  @Override
  public void onOutcome(Transaction transaction, Outcome outcome) {
    switch (outcome) {
      case Outcome.Succeeded s -> succeeded.increment();
      case Outcome.Redeliver r -> redelivered.increment();
      case Outcome.FailedHandled f -> failed.increment();
      case Outcome.FailedUnhandled f -> failed.increment();
      case Outcome.TimedOut t -> failed.increment();
    }
    retries.add(outcome.retries());
  }

  @Override
  public void started(Engine engine) {
    inFlight = () -> inFlight(engine.health());
    fetched = () -> sum(engine.health(), "fetched");
  }

  private static long sum(Map<String, Map<String, Object>> health, String key) {
    return health.values().stream().mapToLong(h -> h.get(key) instanceof Long n ? n : 0L).sum();
  }

  private static int inFlight(Map<String, Map<String, Object>> health) {
    return health.values().stream()
        .mapToInt(h -> h.get("in_flight") instanceof Integer n ? n : 0)
        .sum();
  }

  /** Redraws the live line (terminal), or logs a line when the interval has passed. */
  synchronized void tick() {
    long now = nanoTime.getAsLong();
    if (terminal) {
      String line = line(now);
      out.print("\r" + line + " ".repeat(Math.max(0, lastWidth - line.length())));
      lastWidth = line.length();
      drawn = true;
      out.flush();
    } else if (now - lastLogNanos >= logIntervalNanos) {
      lastLogNanos = now;
      out.println("progress: " + line(now));
      out.flush();
    }
  }

  @Override
  public synchronized void finished(WorkerResult result) {
    if (terminal && drawn) {
      out.print("\r" + line(nanoTime.getAsLong()) + System.lineSeparator());
      out.flush();
      drawn = false;
    }
  }

  /** The progress line at {@code now}. */
  synchronized String line(long now) {
    long done = succeeded.sum() + failed.sum() + redelivered.sum();
    int active = inFlight.getAsInt();
    double seconds = (now - startNanos) / 1e9;
    double rate = seconds <= 0 ? 0 : done / seconds;
    return String.format(
        Locale.ROOT,
        "fetched %d | succeeded %d | failed %d | retries %d | in flight %d | %.1f/s",
        fetched == null ? done + active : fetched.getAsLong(),
        succeeded.sum(),
        failed.sum(),
        retries.sum(),
        active,
        rate);
  }
}
