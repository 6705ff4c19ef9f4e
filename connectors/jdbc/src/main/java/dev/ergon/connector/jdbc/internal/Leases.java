package dev.ergon.connector.jdbc.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The rows one connector holds (id to the attempt number of its claim), and the heartbeat that
 * extends their leases every third of the lease duration while they are processed. A row leaves
 * this set when it is settled, so that a row the engine gave up on is never kept alive.
 * Thread-safe.
 */
final class Leases implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Leases.class);

  private final Map<String, Integer> held = new ConcurrentHashMap<>();
  private final QueueTable table;
  private final String owner;
  private final long leaseMillis;
  private final @Nullable ScheduledExecutorService heartbeat;
  private final Set<String> lostIds = ConcurrentHashMap.newKeySet();
  private final AtomicLong lost = new AtomicLong();
  private final AtomicLong failures = new AtomicLong();
  private volatile @Nullable Instant lastBeat;

  Leases(QueueTable table, String owner, Duration lease, boolean beat) {
    this.table = table;
    this.owner = owner;
    this.leaseMillis = lease.toMillis();
    if (beat) {
      long every = Math.max(10, leaseMillis / 3);
      heartbeat =
          Executors.newSingleThreadScheduledExecutor(
              Thread.ofPlatform().daemon().name("ergon-jdbc-heartbeat-" + owner).factory());
      heartbeat.scheduleWithFixedDelay(this::beat, every, every, TimeUnit.MILLISECONDS);
    } else {
      heartbeat = null;
    }
  }

  long leaseMillis() {
    return leaseMillis;
  }

  void hold(String id, int attempts) {
    held.put(id, attempts);
  }

  /** Stops holding {@code id}; the attempt number of its claim, or null when not held. */
  @Nullable Integer release(String id) {
    return held.remove(id);
  }

  /** Whether {@code id} was held until its lease was found lost; forgets it. */
  boolean forgetLost(String id) {
    return lostIds.remove(id);
  }

  void clear() {
    held.clear();
    lostIds.clear();
  }

  /** Extends every held lease once; a lease found lost is logged and counted. */
  void beat() {
    Map<String, Integer> snapshot = Map.copyOf(held);
    if (snapshot.isEmpty()) {
      return;
    }
    try {
      // in id order, as group deletes lock them, so that the two never deadlock
      List<Map.Entry<String, Integer>> rows = new ArrayList<>(snapshot.entrySet());
      rows.sort(Map.Entry.comparingByKey());
      for (String id : table.extend(owner, leaseMillis, rows)) {
        Integer attempts = snapshot.get(id);
        if (attempts != null && held.remove(id, attempts)) {
          lost.incrementAndGet();
          lostIds.add(id);
          LOG.warn(
              "the lease on transaction {} ({}) was lost: it expired and was claimed again; its"
                  + " settlement here will be refused and it will be delivered again",
              id,
              table.channel());
        }
      }
      lastBeat = Instant.now();
    } catch (Exception e) {
      failures.incrementAndGet();
      LOG.warn("could not extend {} leases: {}", snapshot.size(), e.toString());
    }
  }

  Map<String, Object> stats() {
    Instant last = lastBeat;
    return Map.of(
        "leases.held", held.size(),
        "leases.lost", lost.get(),
        "heartbeat", heartbeat == null ? "off" : "every " + Math.max(10, leaseMillis / 3) + " ms",
        "heartbeat.failures", failures.get(),
        "heartbeat.last", last == null ? "never" : last.toString());
  }

  @Override
  public void close() {
    if (heartbeat != null) {
      heartbeat.shutdownNow();
      try {
        heartbeat.awaitTermination(5, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
