package dev.ergon.connector.jdbc.internal;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Whether the queue's database answers, as its last operations found: once one lost its connection,
 * settlements fail at once (the row is left for redelivery, as a failed settlement leaves it)
 * instead of each waiting the pool's connect timeout, and one settlement at most every {@link
 * #PROBE_INTERVAL} tries the database for real; any operation that reaches it again (a claim, a
 * probe) ends the outage. Without this, a batch held when the database went away drains at one
 * connect timeout per settlement before the loop's next fetch can even notice. Thread-safe.
 */
final class Reachability {
  /** How often, at most, a settlement tries a database that was found unreachable. */
  static final Duration PROBE_INTERVAL = Duration.ofSeconds(1);

  /** What a settlement may do now. */
  enum Permit {
    /** The database answered last: try. */
    UP,
    /** It did not; this caller probes it (and must call {@link #probed()}). */
    PROBE,
    /** It did not and another caller probes, or one did less than the interval ago: fail now. */
    REFUSED
  }

  private final AtomicLong downSince = new AtomicLong();
  private final AtomicLong lastProbe = new AtomicLong();
  private final AtomicBoolean probing = new AtomicBoolean();

  Permit permit() {
    if (downSince.get() == 0) {
      return Permit.UP;
    }
    long now = System.nanoTime();
    if (now - lastProbe.get() < PROBE_INTERVAL.toNanos() || !probing.compareAndSet(false, true)) {
      return Permit.REFUSED;
    }
    lastProbe.set(now);
    return Permit.PROBE;
  }

  /** A probe ended, whatever its result. */
  void probed() {
    probing.set(false);
  }

  /** An operation reached the database. */
  void reached() {
    downSince.set(0);
  }

  /** An operation lost its connection. */
  void lost() {
    long now = System.nanoTime();
    lastProbe.set(now);
    downSince.compareAndSet(0, now == 0 ? 1 : now);
  }

  /** How long the database has been unreachable, or zero while it answers. */
  Duration down() {
    long since = downSince.get();
    return since == 0 ? Duration.ZERO : Duration.ofNanos(System.nanoTime() - since);
  }
}
