package dev.ergon.bench.scenario;

import java.lang.management.ManagementFactory;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Heap per in-flight transaction beyond its payload: heap used after a full GC with N transactions
 * parked inside their work, minus heap used after a full GC with the same transactions only queued,
 * divided by N.
 */
final class InFlightHeap {
  private InFlightHeap() {}

  /** Starts a system whose work counts {@code arrived} down, then waits on {@code release}. */
  @FunctionalInterface
  interface System {
    /**
     * Starts the system in the background.
     *
     * @return waits until it has ended
     */
    Join start(CountDownLatch arrived, CountDownLatch release) throws Exception;
  }

  /** Waits for the system to end. */
  @FunctionalInterface
  interface Join {
    void join() throws Exception;
  }

  static double bytesPerInFlight(int inFlight, System system) throws Exception {
    long base = usedAfterGc();
    CountDownLatch arrived = new CountDownLatch(inFlight);
    CountDownLatch release = new CountDownLatch(1);
    Join join = system.start(arrived, release);
    try {
      if (!arrived.await(2, TimeUnit.MINUTES)) {
        throw new IllegalStateException(arrived.getCount() + " transactions never started");
      }
      long held = usedAfterGc();
      return (double) (held - base) / inFlight;
    } finally {
      release.countDown();
      join.join();
    }
  }

  private static long usedAfterGc() {
    java.lang.System.gc();
    java.lang.System.gc();
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }
}
