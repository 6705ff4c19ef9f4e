package dev.ergon.connector.nats.internal;

import io.nats.client.Message;
import java.time.Duration;
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
 * The messages fetched and not yet settled, by transaction id, and the timer that sends each of
 * them an in-progress acknowledgement ({@code +WPI}) every interval, so the server does not
 * redeliver a transaction that is still running. A message stops getting them when it is settled
 * (taken out) or when it has been in flight longer than the optional bound.
 */
public final class InFlight implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(InFlight.class);

  /**
   * One unsettled message.
   *
   * @param id the transaction id
   * @param message the message, which carries the reply subject to settle it
   * @param stream the stream
   * @param seq the stream sequence
   * @param delivered the delivery count
   * @param fetchedAtNanos when it was fetched ({@link System#nanoTime()})
   */
  public record Entry(
      String id, Message message, String stream, long seq, long delivered, long fetchedAtNanos) {}

  private final Map<String, Entry> entries = new ConcurrentHashMap<>();
  private final Set<Entry> expired = ConcurrentHashMap.newKeySet();
  private final ScheduledExecutorService timer;
  private final @Nullable Duration maxInProgress;
  private final String describe;
  private final AtomicLong sent = new AtomicLong();

  /**
   * Starts the timer.
   *
   * @param interval how often in-progress acks are sent
   * @param maxInProgress the longest a message is kept alive, or null for no bound
   * @param describe the connector, for logs and the timer thread's name
   */
  public InFlight(Duration interval, @Nullable Duration maxInProgress, String describe) {
    this.maxInProgress = maxInProgress;
    this.describe = describe;
    this.timer =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "ergon-nats-in-progress");
              t.setDaemon(true);
              return t;
            });
    long ms = Math.max(1, interval.toMillis());
    timer.scheduleAtFixedRate(this::tick, ms, ms, TimeUnit.MILLISECONDS);
  }

  /**
   * Adds a fetched message.
   *
   * @param entry the message
   * @return false when a message with the same id is already in flight (nothing added)
   */
  public boolean add(Entry entry) {
    return entries.putIfAbsent(entry.id(), entry) == null;
  }

  /**
   * Takes a message out for settlement; it gets no more in-progress acks. A message past {@code
   * max_in_progress} stays here (without in-progress acks) so that it can still be settled.
   *
   * @param id the transaction id
   * @return the entry, or null when it is not in flight
   */
  public @Nullable Entry take(String id) {
    Entry e = entries.remove(id);
    if (e != null) {
      expired.remove(e);
    }
    return e;
  }

  /**
   * Puts a message back after a settlement that did not reach the server, so that it keeps getting
   * in-progress acks until it is settled or the connector closes.
   *
   * @param entry the entry taken before
   */
  public void restore(Entry entry) {
    entries.putIfAbsent(entry.id(), entry);
  }

  /**
   * Takes every message out.
   *
   * @return what was in flight
   */
  public List<Entry> drain() {
    List<Entry> all = new ArrayList<>(entries.values());
    all.forEach(e -> entries.remove(e.id(), e));
    expired.clear();
    return all;
  }

  /**
   * How many messages are in flight.
   *
   * @return the count
   */
  public int size() {
    return entries.size();
  }

  /**
   * How many in-progress acks were sent.
   *
   * @return the count
   */
  public long inProgressSent() {
    return sent.get();
  }

  private void tick() {
    long now = System.nanoTime();
    for (Entry e : entries.values()) {
      if (expired.contains(e)) {
        continue;
      }
      if (maxInProgress != null && now - e.fetchedAtNanos() > maxInProgress.toNanos()) {
        if (expired.add(e)) {
          LOG.warn(
              "{}: transaction '{}' ({}/{}) is in flight for longer than max_in_progress {}; no"
                  + " more in-progress acks, the server redelivers it after ack_wait",
              describe,
              e.id(),
              e.stream(),
              e.seq(),
              maxInProgress);
        }
        continue;
      }
      try {
        e.message().inProgress();
        sent.incrementAndGet();
      } catch (RuntimeException ex) {
        LOG.debug("{}: in-progress ack for '{}' failed: {}", describe, e.id(), ex.toString());
      }
    }
  }

  /** Stops the timer. */
  @Override
  public void close() {
    timer.shutdownNow();
  }
}
