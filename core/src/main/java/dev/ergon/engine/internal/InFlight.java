package dev.ergon.engine.internal;

import dev.ergon.time.StopSignal;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/** Counts transactions in flight and lets the loop wait for slots. Thread-safe. */
final class InFlight {
  /** How often a waiting loop looks at its stop signal and deadline. */
  private static final long CHECK_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  private int count;

  void increment() {
    lock.lock();
    try {
      count++;
    } finally {
      lock.unlock();
    }
  }

  void decrement() {
    lock.lock();
    try {
      count--;
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  int count() {
    lock.lock();
    try {
      return count;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Waits until at most {@code max} are in flight.
   *
   * @param deadline a {@link System#nanoTime()} deadline, or {@link Long#MAX_VALUE}
   * @param stop ends the wait early when stopped (null: ignore stop)
   * @return true when the condition holds, false when the deadline passed or stop was requested
   */
  boolean awaitAtMost(int max, long deadline, StopSignal stop) throws InterruptedException {
    lock.lock();
    try {
      while (count > max) {
        if (stop.isStopped() || System.nanoTime() - deadline >= 0) {
          return false;
        }
        changed.awaitNanos(Math.min(CHECK_NANOS, deadline - System.nanoTime()));
      }
      return true;
    } finally {
      lock.unlock();
    }
  }

  /** Waits for one completion (or stop, or the deadline), without a condition. */
  void awaitChange(long deadline, StopSignal stop) throws InterruptedException {
    lock.lock();
    try {
      int seen = count;
      while (count == seen && count > 0 && !stop.isStopped() && System.nanoTime() - deadline < 0) {
        changed.awaitNanos(Math.min(CHECK_NANOS, deadline - System.nanoTime()));
      }
    } finally {
      lock.unlock();
    }
  }

  /** Waits until nothing is in flight; each transaction is bounded by its runtime timeout. */
  void awaitZero() throws InterruptedException {
    lock.lock();
    try {
      while (count > 0) {
        changed.await();
      }
    } finally {
      lock.unlock();
    }
  }
}
