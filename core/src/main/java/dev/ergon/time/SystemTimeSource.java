package dev.ergon.time;

import java.time.Duration;
import java.time.Instant;

/** The JVM's clocks: {@link System#nanoTime()}, {@link Instant#now()} and {@link Thread#sleep}. */
enum SystemTimeSource implements TimeSource {
  INSTANCE;

  @Override
  public long nanoTime() {
    return System.nanoTime();
  }

  @Override
  public Instant now() {
    return Instant.now();
  }

  @Override
  public void sleep(Duration duration) throws InterruptedException {
    if (duration.isPositive()) {
      Thread.sleep(duration);
    }
  }
}
