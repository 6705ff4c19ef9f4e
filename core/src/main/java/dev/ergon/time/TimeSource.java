package dev.ergon.time;

import java.time.Duration;
import java.time.Instant;

/**
 * The engine's view of time: a monotonic clock, the wall clock and sleeping. Every delay the
 * framework takes (retry backoff, empty-queue backoff, batch intervals) goes through a {@code
 * TimeSource}, so tests can replace it with a manual clock and check schedules without sleeping.
 *
 * <p>Deadlines (per-attempt and runtime timeouts) are always measured in real time, because they
 * must bound what user code really does.
 *
 * <p>Implementations must be thread-safe.
 */
public interface TimeSource {

  /**
   * A monotonic reading in nanoseconds, for measuring elapsed time only.
   *
   * @return nanoseconds from an arbitrary origin
   */
  long nanoTime();

  /**
   * The current wall-clock instant.
   *
   * @return now
   */
  Instant now();

  /**
   * Sleeps for the given duration.
   *
   * @param duration how long; zero or negative returns at once
   * @throws InterruptedException when the sleeping thread is interrupted
   */
  void sleep(Duration duration) throws InterruptedException;

  /**
   * The real clock of the JVM.
   *
   * @return the system time source
   */
  static TimeSource system() {
    return SystemTimeSource.INSTANCE;
  }
}
