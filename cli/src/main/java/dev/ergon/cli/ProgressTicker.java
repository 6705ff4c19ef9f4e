package dev.ergon.cli;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/** Calls {@link ProgressReporter#tick()} periodically on a daemon thread until closed. */
final class ProgressTicker implements AutoCloseable {
  private final @Nullable ScheduledExecutorService scheduler;

  private ProgressTicker(@Nullable ScheduledExecutorService scheduler) {
    this.scheduler = scheduler;
  }

  /** Ticks every 250 ms on a terminal (a live line), every second otherwise (the log decides). */
  static ProgressTicker start(ProgressReporter reporter) {
    ScheduledExecutorService s =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "ergon-progress");
              t.setDaemon(true);
              return t;
            });
    long periodMillis = reporter.terminal() ? 250 : 1_000;
    s.scheduleAtFixedRate(reporter::tick, periodMillis, periodMillis, TimeUnit.MILLISECONDS);
    return new ProgressTicker(s);
  }

  /** A ticker that does nothing. */
  static ProgressTicker none() {
    return new ProgressTicker(null);
  }

  @Override
  public void close() {
    if (scheduler == null) {
      return;
    }
    scheduler.shutdownNow();
    try {
      scheduler.awaitTermination(1, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
