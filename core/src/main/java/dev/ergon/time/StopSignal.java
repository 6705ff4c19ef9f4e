package dev.ergon.time;

import java.time.Duration;
import java.util.HashSet;
import java.util.Set;

/**
 * A one-way "please stop" flag shared by a run: once {@linkplain #stop() stopped}, loops stop
 * fetching and every sleep taken through {@link #sleep(TimeSource, Duration)} ends at once. Work in
 * progress is not interrupted by it; that is the caller's decision.
 *
 * <p>Thread-safe.
 */
public final class StopSignal {
  private final Set<Thread> sleepers = new HashSet<>();

  /** Written under the lock, read without it: every lane reads it before each transaction. */
  private volatile boolean stopped;

  /** Creates a signal that has not been stopped. */
  public StopSignal() {}

  /**
   * Whether {@link #stop()} has been called.
   *
   * @return true once stopped
   */
  public boolean isStopped() {
    return stopped;
  }

  /** Stops: idempotent; wakes every thread sleeping through this signal. */
  public synchronized void stop() {
    if (stopped) {
      return;
    }
    stopped = true;
    for (Thread t : sleepers) {
      t.interrupt();
    }
  }

  /**
   * Sleeps through {@code time}, ending early when this signal is stopped.
   *
   * @param time the time source that sleeps
   * @param duration how long to sleep
   * @return true when the full duration was slept, false when the signal stopped the sleep (or was
   *     already stopped)
   * @throws InterruptedException when the thread is interrupted for another reason
   */
  public boolean sleep(TimeSource time, Duration duration) throws InterruptedException {
    Thread me = Thread.currentThread();
    synchronized (this) {
      if (stopped) {
        return false;
      }
      sleepers.add(me);
    }
    try {
      time.sleep(duration);
      return true;
    } catch (InterruptedException e) {
      synchronized (this) {
        if (stopped) {
          return false;
        }
      }
      throw e;
    } finally {
      synchronized (this) {
        sleepers.remove(me);
        if (stopped) {
          // stop() may have interrupted us after the sleep ended: do not leak that interrupt.
          Thread.interrupted();
        }
      }
    }
  }
}
