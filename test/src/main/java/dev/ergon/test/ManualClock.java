package dev.ergon.test;

import dev.ergon.time.TimeSource;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A {@link TimeSource} that moves only when told: {@link #advance(Duration)} moves it, and {@link
 * #sleep(Duration)} returns at once after recording the duration and advancing by it. Tests check
 * schedules (retry backoff, empty-queue backoff, batch intervals) through {@link #sleeps()} without
 * waiting.
 *
 * <p>{@link #nanoTime()} starts at 0 and {@link #now()} at the given instant (by default {@link
 * #DEFAULT_START}); both always advance together.
 *
 * <p>Deadlines are not controlled by this clock: per-attempt and runtime timeouts are measured in
 * real time by Ergon, because they must bound what user code really does. A test of a timeout needs
 * a task that really takes longer than the deadline.
 *
 * <pre>{@code
 * ManualClock clock = new ManualClock();
 * // ... run the engine with clock as its time source ...
 * assertThat(clock.sleeps()).containsExactly(Duration.ofMillis(100), Duration.ofMillis(200));
 * }</pre>
 *
 * <p>Thread-safe.
 */
public final class ManualClock implements TimeSource {
  /** Where {@link #now()} starts unless told otherwise: 2026-01-01T00:00:00Z. */
  public static final Instant DEFAULT_START = Instant.parse("2026-01-01T00:00:00Z");

  private final Instant start;
  private final List<Duration> sleeps = new ArrayList<>();
  private long nanos;
  private Duration totalSlept = Duration.ZERO;

  /** Creates a clock at {@link #DEFAULT_START}, with {@link #nanoTime()} at 0. */
  public ManualClock() {
    this(DEFAULT_START);
  }

  /**
   * Creates a clock at the given instant, with {@link #nanoTime()} at 0.
   *
   * @param start the first value of {@link #now()}
   */
  public ManualClock(Instant start) {
    this.start = Objects.requireNonNull(start, "start");
  }

  /** Nanoseconds advanced since this clock was created. */
  @Override
  public synchronized long nanoTime() {
    return nanos;
  }

  /** The start instant plus the time advanced. */
  @Override
  public synchronized Instant now() {
    return start.plusNanos(nanos);
  }

  /**
   * Moves the clock forward; {@link #nanoTime()} and {@link #now()} move together.
   *
   * @param duration how far, zero or more
   * @throws IllegalArgumentException when {@code duration} is negative: the clock is monotonic
   */
  public synchronized void advance(Duration duration) {
    if (duration.isNegative()) {
      throw new IllegalArgumentException("duration must be >= 0 but was " + duration);
    }
    nanos = Math.addExact(nanos, duration.toNanos());
  }

  /**
   * Does not block: records a positive {@code duration} in {@link #sleeps()} and advances the clock
   * by it, then returns. Zero and negative durations return at once and are not recorded.
   *
   * @throws InterruptedException when the thread is interrupted before a positive sleep (the
   *     interrupt status is cleared), as {@link Thread#sleep} would
   */
  @Override
  public void sleep(Duration duration) throws InterruptedException {
    if (!duration.isPositive()) {
      return;
    }
    if (Thread.interrupted()) {
      throw new InterruptedException("interrupted before sleeping " + duration);
    }
    synchronized (this) {
      advance(duration);
      sleeps.add(duration);
      totalSlept = totalSlept.plus(duration);
    }
  }

  /**
   * The positive durations passed to {@link #sleep(Duration)}, in order.
   *
   * @return an immutable snapshot
   */
  public synchronized List<Duration> sleeps() {
    return List.copyOf(sleeps);
  }

  /**
   * How many positive sleeps were taken.
   *
   * @return the number of entries in {@link #sleeps()}
   */
  public synchronized int sleepCount() {
    return sleeps.size();
  }

  /**
   * The sum of every positive sleep.
   *
   * @return the total; zero before the first sleep
   */
  public synchronized Duration totalSlept() {
    return totalSlept;
  }

  @Override
  public synchronized String toString() {
    return "ManualClock[now=" + now() + ", nanoTime=" + nanos + ", sleeps=" + sleeps.size() + "]";
  }
}
