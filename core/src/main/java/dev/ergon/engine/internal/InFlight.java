package dev.ergon.engine.internal;

import dev.ergon.time.StopSignal;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.jspecify.annotations.Nullable;

/**
 * Counts transactions in flight and lets the loop wait for slots. Any thread may increment and
 * decrement; one thread at a time (the loop's) may wait. A completion wakes the waiter only when
 * the count it waits for is reached, so a loop waiting for a batch to drain is woken once, not once
 * per transaction. Thread-safe.
 */
final class InFlight {
  /** How often a waiting loop looks at its stop signal and deadline. */
  private static final long CHECK_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

  private final AtomicInteger count = new AtomicInteger();

  /** The waiter wants waking once the count is at most this; -1 when nobody waits. */
  private volatile int wakeAtOrBelow = -1;

  private volatile @Nullable Thread waiter;

  void increment() {
    count.incrementAndGet();
  }

  /** Counts {@code n} more at once. */
  void add(int n) {
    count.addAndGet(n);
  }

  void decrement() {
    int now = count.decrementAndGet();
    Thread w = waiter;
    if (w != null && now <= wakeAtOrBelow) {
      LockSupport.unpark(w);
    }
  }

  int count() {
    return count.get();
  }

  /**
   * Waits until at most {@code max} are in flight.
   *
   * @param deadline a {@link System#nanoTime()} deadline, or {@link Long#MAX_VALUE}
   * @param stop ends the wait early when stopped
   * @return true when the condition holds, false when the deadline passed or stop was requested
   */
  boolean awaitAtMost(int max, long deadline, StopSignal stop) throws InterruptedException {
    return count.get() <= max || await(max, deadline, stop);
  }

  /** Waits for one completion (or stop, or the deadline). */
  void awaitChange(long deadline, StopSignal stop) throws InterruptedException {
    int seen = count.get();
    if (seen > 0) {
      await(seen - 1, deadline, stop);
    }
  }

  /** Waits until nothing is in flight; each transaction is bounded by its runtime timeout. */
  void awaitZero() throws InterruptedException {
    await(0, Long.MAX_VALUE, null);
  }

  private boolean await(int threshold, long deadline, @Nullable StopSignal stop)
      throws InterruptedException {
    wakeAtOrBelow = threshold; // before the waiter: whoever sees the waiter sees the threshold
    waiter = Thread.currentThread();
    try {
      while (count.get() > threshold) {
        if (Thread.interrupted()) {
          throw new InterruptedException();
        }
        long left = deadline - System.nanoTime();
        if ((stop != null && stop.isStopped()) || left <= 0) {
          return false;
        }
        LockSupport.parkNanos(this, Math.min(CHECK_NANOS, left));
      }
      return true;
    } finally {
      waiter = null;
      wakeAtOrBelow = -1;
    }
  }
}
