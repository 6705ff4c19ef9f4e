package dev.ergon.connector.rabbitmq.internal;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/**
 * The deliveries handed out and not yet settled, by transaction id. Two deliveries may share an id
 * (a message published twice); they are settled in the order they were fetched. Thread-safe.
 */
public final class InFlight {
  private final ConcurrentHashMap<String, Deque<Delivery>> byId = new ConcurrentHashMap<>();
  private final AtomicInteger size = new AtomicInteger();

  /** Creates an empty registry. */
  public InFlight() {}

  /**
   * Records a delivery handed out as transaction {@code id}.
   *
   * @param id the transaction id
   * @param delivery the delivery
   */
  public void add(String id, Delivery delivery) {
    byId.compute(
        id,
        (k, q) -> {
          Deque<Delivery> deque = q == null ? new ArrayDeque<>(1) : q;
          deque.addLast(delivery);
          return deque;
        });
    size.incrementAndGet();
  }

  /**
   * Removes and returns the oldest unsettled delivery of {@code id}.
   *
   * @param id the transaction id
   * @return the delivery, or null when none is in flight
   */
  public @Nullable Delivery take(String id) {
    Object[] out = new Object[1];
    byId.computeIfPresent(
        id,
        (k, q) -> {
          out[0] = q.pollFirst();
          return q.isEmpty() ? null : q;
        });
    if (out[0] != null) {
      size.decrementAndGet();
    }
    return (Delivery) out[0];
  }

  /**
   * How many deliveries are unsettled.
   *
   * @return the count
   */
  public int size() {
    return size.get();
  }

  /** Forgets everything (on close: the broker redelivers what was not settled). */
  public void clear() {
    byId.clear();
    size.set(0);
  }
}
