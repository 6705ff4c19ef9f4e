package dev.ergon.connector.redis.internal;

import io.lettuce.core.Consumer;
import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.XAutoClaimArgs;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.models.stream.ClaimedMessages;
import io.lettuce.core.models.stream.PendingMessage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Reclaim passes over a group's pending entries list with {@code XAUTOCLAIM}. A pass starts every
 * {@code interval} (or once a requeue is due) and walks the whole cursor: each call starts where
 * the previous one stopped, across fetches, until Redis returns the cursor {@code 0-0}. Restarting
 * at {@code 0-0} on each call instead would never look past the first {@code 10 × COUNT} entries
 * (those of live consumers, say), and the entries of a dead consumer behind them would stay pending
 * forever.
 *
 * <p>{@link #claim(int, int)} must be called by one thread at a time; {@link #requeued(Duration)}
 * from any thread.
 */
public final class Reclaim {
  /** The cursor at the start (and end) of a pass. */
  public static final String START = "0-0";

  /** The most {@code XAUTOCLAIM} calls of one {@link #claim}; a longer pass goes on at the next. */
  public static final int MAX_CALLS = 16;

  private static final long NONE = Long.MAX_VALUE;

  /**
   * A reclaimed entry.
   *
   * @param message the entry
   * @param deliveries its delivery count, this delivery included (from {@code XPENDING})
   */
  public record Claimed(StreamMessage<String, String> message, long deliveries) {}

  private final RedisCommands<String, String> cmd;
  private final String stream;
  private final Consumer<String> consumer;
  private final Duration minIdle;
  private final Duration interval;
  private final int count;
  private final AtomicLong requeueDueAt = new AtomicLong(NONE);
  private String cursor = START;
  private long nextPassAt = System.nanoTime();

  /**
   * Creates the reclaimer; the first {@link #claim} starts a pass.
   *
   * @param cmd the commands (not the blocking reader's)
   * @param stream the stream
   * @param consumer this group and consumer
   * @param minIdle the idle time after which an entry is reclaimed
   * @param interval how often a pass starts
   * @param count the {@code COUNT} of one call
   */
  public Reclaim(
      RedisCommands<String, String> cmd,
      String stream,
      Consumer<String> consumer,
      Duration minIdle,
      Duration interval,
      int count) {
    this.cmd = cmd;
    this.stream = stream;
    this.consumer = consumer;
    this.minIdle = minIdle;
    this.interval = interval;
    this.count = count;
  }

  /**
   * Continues the pass (or starts one when due) until {@code n} entries are claimed, the pass ends
   * or {@link #MAX_CALLS} calls were made.
   *
   * @param n the most entries to claim
   * @param held how many entries this consumer holds in flight (bounds the {@code XPENDING} read)
   * @return the claimed entries, now pending for this consumer, with their delivery counts
   */
  public List<Claimed> claim(int n, int held) {
    long now = System.nanoTime();
    if (cursor.equals(START)) {
      long due = requeueDueAt.get();
      boolean requeued = due != NONE && now - due >= 0;
      if (now - nextPassAt < 0 && !requeued) {
        return List.of();
      }
      requeueDueAt.getAndUpdate(d -> d != NONE && now - d >= 0 ? NONE : d);
    }
    List<Claimed> out = new ArrayList<>();
    for (int calls = 0; out.size() < n && calls < MAX_CALLS; calls++) {
      ClaimedMessages<String, String> r =
          cmd.xautoclaim(
              stream,
              new XAutoClaimArgs<String>()
                  .consumer(consumer)
                  .minIdleTime(minIdle)
                  .startId(cursor)
                  .count(Math.min(n - out.size(), count)));
      cursor = r.getId();
      List<StreamMessage<String, String>> msgs = r.getMessages();
      if (!msgs.isEmpty()) {
        Map<String, Long> counts = deliveryCounts(msgs, held + out.size());
        for (StreamMessage<String, String> m : msgs) {
          out.add(new Claimed(m, counts.getOrDefault(m.getId(), 2L)));
        }
      }
      if (cursor.equals(START)) {
        nextPassAt = now + interval.toNanos();
        break;
      }
    }
    return out;
  }

  private Map<String, Long> deliveryCounts(List<StreamMessage<String, String>> msgs, int held) {
    List<PendingMessage> pending =
        cmd.xpending(
            stream,
            consumer,
            Range.create(msgs.get(0).getId(), msgs.get(msgs.size() - 1).getId()),
            Limit.from(msgs.size() + held + 16L));
    Map<String, Long> counts = new HashMap<>();
    for (PendingMessage p : pending) {
      counts.put(p.getId(), p.getRedeliveryCount());
    }
    return counts;
  }

  /**
   * Notes that an entry was requeued and becomes reclaimable after {@code delay}, so that a pass
   * starts then (one in progress goes on; another follows once it ends).
   *
   * @param delay the requeue delay
   */
  public void requeued(Duration delay) {
    long due = System.nanoTime() + delay.toNanos();
    requeueDueAt.accumulateAndGet(due, (a, b) -> a == NONE ? b : (a - b <= 0 ? a : b));
  }

  /** Starts the next pass from the beginning (after the group was created again). */
  public void reset() {
    cursor = START;
  }
}
