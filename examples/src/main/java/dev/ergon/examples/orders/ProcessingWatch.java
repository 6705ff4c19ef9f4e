package dev.ergon.examples.orders;

import dev.ergon.engine.Outcome;
import dev.ergon.engine.OutcomeListener;
import dev.ergon.time.StopSignal;
import dev.ergon.transaction.Transaction;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Ends the processor's streaming loop: it stops the run once {@code target} orders have ended for
 * good (any outcome but {@code redeliver}), or gives up when no order ended for {@code giveUp}.
 * Counts outcomes in an {@link OutcomeTally} as it goes.
 *
 * <p>Thread-safe. Close it to stop its timer.
 */
final class ProcessingWatch implements OutcomeListener, AutoCloseable {
  private final OutcomeTally tally = new OutcomeTally();
  private final long target;
  private final StopSignal stop;
  private final AtomicLong ended = new AtomicLong();
  private final AtomicLong lastProgress = new AtomicLong(System.nanoTime());
  private final ScheduledExecutorService timer =
      Executors.newSingleThreadScheduledExecutor(
          r -> Thread.ofPlatform().daemon().name("order-watch").unstarted(r));
  private volatile boolean gaveUp;

  ProcessingWatch(long target, StopSignal stop, Duration giveUp) {
    this.target = target;
    this.stop = stop;
    long giveUpNanos = giveUp.toNanos();
    timer.scheduleWithFixedDelay(
        () -> {
          if (System.nanoTime() - lastProgress.get() > giveUpNanos) {
            gaveUp = true;
            stop.stop();
          }
        },
        100,
        100,
        TimeUnit.MILLISECONDS);
  }

  @Override
  public void onOutcome(Transaction transaction, Outcome outcome) {
    tally.onOutcome(transaction, outcome);
    lastProgress.set(System.nanoTime());
    if (outcome.kind() != Outcome.Kind.REDELIVER && ended.incrementAndGet() >= target) {
      stop.stop();
    }
  }

  /** The outcomes counted so far. */
  OutcomeTally tally() {
    return tally;
  }

  /** Whether it stopped the run because no order ended for too long. */
  boolean gaveUp() {
    return gaveUp;
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
