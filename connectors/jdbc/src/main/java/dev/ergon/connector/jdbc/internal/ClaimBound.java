package dev.ergon.connector.jdbc.internal;

import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Where a claim on PostgreSQL may start scanning, so that it does not wade through the dead index
 * entries of every row claimed before it. A claimed row leaves a dead entry in the ready index (its
 * ready version) and, once acknowledged, one in the lease index; until VACUUM removes them (never,
 * with autovacuum off; after about 20 % of the table changed, with the defaults) a claim from the
 * start of the ready index walks all of them, and the expired-lease half, a bitmap scan, visits the
 * heap for each one: 180 ms a claim after 365,000 rows, growing without end.
 *
 * <p>After a claim that filled its batch, the next one is bounded: ready rows from the lowest
 * {@code seq} the last claim returned (below it there was no due row that was not locked by another
 * claim at that moment), expired leases whose deadline passed in the last {@link
 * #LEASE_WINDOW_MILLIS}. A claim that does not fill its batch, a requeue or a release by this
 * connector, and at least every {@link #RESTART} make the next claim scan from the start, which
 * finds rows released, requeued or left locked by other connectors and leases that expired outside
 * the window. Thread-safe; a race between two claims only makes one of them scan more than it
 * needed.
 */
final class ClaimBound {
  /** How often a claim scans from the start, at least. */
  static final long RESTART = TimeUnit.SECONDS.toNanos(10);

  /** How far back a bounded claim looks for leases that expired. */
  static final long LEASE_WINDOW_MILLIS = 1000;

  private long floor;
  private boolean bounded;
  private long nextFull = System.nanoTime();

  /**
   * The {@code seq} the next claim may start from, or -1 when it must scan from the start.
   *
   * @param now {@link System#nanoTime()}
   */
  synchronized long floor(long now) {
    return bounded && now - nextFull < 0 ? floor : -1;
  }

  /**
   * Records what a claim returned.
   *
   * @param claimed the rows it claimed
   * @param limit how many it asked for
   * @param fromStart whether it scanned from the start
   * @param started {@link System#nanoTime()} when it started
   */
  synchronized void claimed(
      List<QueueTable.Claim> claimed, int limit, boolean fromStart, long started) {
    // a scan from the start settles the restarts asked for before it began, not those asked since
    if (fromStart && nextFull - started <= 0) {
      nextFull = started + RESTART;
    }
    bounded = claimed.size() >= limit;
    if (bounded) {
      floor = claimed.stream().mapToLong(QueueTable.Claim::seq).min().orElse(0);
    }
  }

  /**
   * Makes a claim scan from the start no later than {@code delayNanos} after {@code now}: at once
   * after a release or an immediate requeue by this connector, when the row is due after a delayed
   * one.
   */
  synchronized void restartWithin(long now, long delayNanos) {
    if (now + delayNanos - nextFull < 0) {
      nextFull = now + delayNanos;
    }
  }
}
