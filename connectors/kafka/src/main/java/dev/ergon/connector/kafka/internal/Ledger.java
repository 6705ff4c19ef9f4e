package dev.ergon.connector.kafka.internal;

import dev.ergon.connector.kafka.KafkaOrdering;
import dev.ergon.transaction.Transaction;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.jspecify.annotations.Nullable;

/**
 * What a connector fetched and has not settled, per assigned partition, and the rule of what may be
 * handed to the engine next. The consumer's thread adds records and applies assignments; the
 * engine's threads take and settle; everything is guarded by this object's lock.
 *
 * <p>The committed offset of a partition is its {@link Track#watermark() watermark}: the lowest
 * offset fetched and not settled, so a record completed out of order never lets the commit pass an
 * earlier one still in flight.
 */
public final class Ledger {
  /** The result of a settlement. */
  public enum Settled {
    /** Settled: the watermark may pass it. */
    SETTLED,
    /** Its partition was revoked since it was fetched: dropped (it will be delivered again). */
    REVOKED,
    /** Not fetched by this connector (or already settled). */
    UNKNOWN
  }

  /** A fetched record and its bookkeeping. */
  public static final class Held {
    final ConsumerRecord<byte[], byte[]> record;
    final Track track;
    final @Nullable ByteBuffer key;
    int deliveries;
    String id = "";

    Held(ConsumerRecord<byte[], byte[]> record, Track track) {
      this.record = record;
      this.track = track;
      this.key = record.key() == null ? null : ByteBuffer.wrap(record.key());
    }

    /**
     * The record.
     *
     * @return it
     */
    public ConsumerRecord<byte[], byte[]> record() {
      return record;
    }

    /**
     * The transaction id it was handed out with.
     *
     * @return the id
     */
    public String id() {
      return id;
    }

    /**
     * How many times it was handed out.
     *
     * @return at least 1 once taken
     */
    public int deliveries() {
      return deliveries;
    }

    /**
     * Whether its partition was revoked since it was fetched.
     *
     * @return true when another consumer of the group owns it now
     */
    public boolean revoked() {
      return track.revoked;
    }
  }

  /** Decodes a record that is about to be handed out. */
  @FunctionalInterface
  public interface Decoder {
    /**
     * Decodes.
     *
     * @param held the record
     * @return the transaction
     * @throws Codec.UndecodableException when it cannot be decoded
     */
    Transaction decode(Held held) throws Codec.UndecodableException;
  }

  /**
   * What {@link #take} handed out.
   *
   * @param transactions decoded, for the engine
   * @param undecodable records that could not be decoded, to dead-letter (in flight meanwhile)
   * @param errors the decoding error of each undecodable record
   */
  public record Taken(
      List<Transaction> transactions, List<Held> undecodable, List<String> errors) {}

  private final KafkaOrdering ordering;
  private final Map<TopicPartition, Track> tracks = new LinkedHashMap<>();
  private final Map<String, Held> handedOut = new HashMap<>();
  private final Map<String, Held> orphans = new HashMap<>();
  private int rotation;
  private long droppedSettlements;
  private long buffered;

  /**
   * An empty ledger.
   *
   * @param ordering which records may be in flight together
   */
  public Ledger(KafkaOrdering ordering) {
    this.ordering = ordering;
  }

  /**
   * Partitions were assigned: each gets a new track.
   *
   * @param partitions the partitions
   */
  public synchronized void assigned(Collection<TopicPartition> partitions) {
    for (TopicPartition tp : partitions) {
      tracks.computeIfAbsent(tp, Track::new);
    }
    notifyAll();
  }

  /**
   * Partitions were revoked (or lost): their buffered records are dropped, their records in flight
   * will not be settled, and their watermarks are returned for a last commit.
   *
   * @param partitions the partitions
   * @return the offsets to commit, for the partitions that fetched something
   */
  public synchronized Map<TopicPartition, OffsetAndMetadata> revoked(
      Collection<TopicPartition> partitions) {
    Map<TopicPartition, OffsetAndMetadata> commit = new HashMap<>();
    for (TopicPartition tp : partitions) {
      Track t = tracks.remove(tp);
      if (t == null) {
        continue;
      }
      t.revoked = true;
      buffered -= t.buffer.size();
      t.buffer.clear();
      if (t.next >= 0 && t.watermark() > t.committed) {
        commit.put(tp, new OffsetAndMetadata(t.watermark()));
      }
    }
    for (Iterator<Map.Entry<String, Held>> it = handedOut.entrySet().iterator(); it.hasNext(); ) {
      Map.Entry<String, Held> e = it.next();
      if (e.getValue().track.revoked) {
        orphans.put(e.getKey(), e.getValue());
        it.remove();
      }
    }
    notifyAll();
    return commit;
  }

  /**
   * Records the consumer fetched.
   *
   * @param records in offset order per partition
   */
  public synchronized void add(Iterable<ConsumerRecord<byte[], byte[]>> records) {
    boolean any = false;
    for (ConsumerRecord<byte[], byte[]> r : records) {
      Track t = tracks.get(new TopicPartition(r.topic(), r.partition()));
      if (t == null || r.offset() < t.next) {
        continue; // not ours any more, or seen already
      }
      if (t.start < 0) {
        t.start = r.offset();
      }
      t.next = r.offset() + 1;
      if (t.preSettled.remove(r.offset())) {
        continue;
      }
      t.unsettled.add(r.offset());
      t.buffer.put(r.offset(), new Held(r, t));
      buffered++;
      any = true;
    }
    if (any) {
      notifyAll();
    }
  }

  /**
   * Hands out up to {@code max} records that may run now, waiting up to {@code waitNanos} for a
   * first one.
   *
   * @param max the most records
   * @param waitNanos how long to wait for a first one
   * @param decoder decodes each record
   * @param closed tells whether to stop waiting
   * @return what was handed out
   * @throws InterruptedException when interrupted while waiting
   */
  public synchronized Taken take(
      int max, long waitNanos, Decoder decoder, java.util.function.BooleanSupplier closed)
      throws InterruptedException {
    long end = System.nanoTime() + waitNanos;
    List<Transaction> out = new ArrayList<>();
    List<Held> bad = new ArrayList<>();
    List<String> errors = new ArrayList<>();
    while (true) {
      select(max, decoder, out, bad, errors);
      long left = end - System.nanoTime();
      if (!out.isEmpty() || !bad.isEmpty() || left <= 0 || closed.getAsBoolean()) {
        return new Taken(out, bad, errors);
      }
      long ms = Math.max(1, left / 1_000_000);
      wait(Math.min(ms, 50));
    }
  }

  private void select(
      int max, Decoder decoder, List<Transaction> out, List<Held> bad, List<String> errors) {
    List<Track> order = new ArrayList<>(tracks.values());
    if (order.isEmpty()) {
      return;
    }
    int start = Math.floorMod(rotation++, order.size());
    for (int i = 0; i < order.size() && out.size() + bad.size() < max; i++) {
      Track t = order.get((start + i) % order.size());
      Set<ByteBuffer> blocked = new HashSet<>();
      for (Iterator<Held> it = t.buffer.values().iterator(); it.hasNext(); ) {
        if (out.size() + bad.size() >= max) {
          break;
        }
        if (ordering == KafkaOrdering.PARTITION && t.inFlight > 0) {
          break;
        }
        Held h = it.next();
        if (ordering == KafkaOrdering.KEY && h.key != null) {
          if (t.busyKeys.contains(h.key) || blocked.contains(h.key)) {
            blocked.add(h.key);
            continue;
          }
          t.busyKeys.add(h.key);
        }
        it.remove();
        buffered--;
        t.inFlight++;
        h.deliveries++;
        String id = Codec.id(h.record);
        if (handedOut.containsKey(id)) {
          id = Codec.position(h.record); // the same id twice in flight: tell them apart
        }
        h.id = id;
        handedOut.put(id, h);
        try {
          out.add(decoder.decode(h));
        } catch (Codec.UndecodableException e) {
          bad.add(h);
          errors.add(e.getMessage());
        }
      }
    }
  }

  /**
   * The record handed out with this id, still in flight.
   *
   * @param id the transaction id
   * @return the record, or null
   */
  public synchronized @Nullable Held inFlight(String id) {
    Held h = handedOut.get(id);
    return h != null ? h : orphans.get(id);
  }

  /**
   * Settles the record handed out with this id: the watermark may pass it.
   *
   * @param id the transaction id
   * @return what happened
   */
  public synchronized Settled settle(String id) {
    Held h = handedOut.remove(id);
    if (h == null) {
      if (orphans.remove(id) != null) {
        droppedSettlements++;
        return Settled.REVOKED;
      }
      return Settled.UNKNOWN;
    }
    finish(h);
    h.track.unsettled.remove(h.record.offset());
    notifyAll();
    return Settled.SETTLED;
  }

  /**
   * Gives the record handed out with this id back: it is handed out again later, in its place.
   *
   * @param id the transaction id
   * @return what happened
   */
  public synchronized Settled release(String id) {
    Held h = handedOut.remove(id);
    if (h == null) {
      if (orphans.remove(id) != null) {
        droppedSettlements++;
        return Settled.REVOKED;
      }
      return Settled.UNKNOWN;
    }
    finish(h);
    h.track.buffer.put(h.record.offset(), h);
    buffered++;
    notifyAll();
    return Settled.SETTLED;
  }

  private void finish(Held h) {
    h.track.inFlight--;
    if (h.key != null) {
      h.track.busyKeys.remove(h.key);
    }
  }

  /**
   * Settles a record by position that was not handed out here (a transaction found by id): taken
   * out of the buffer when fetched, remembered when not fetched yet.
   *
   * @param tp its partition
   * @param offset its offset
   * @return {@code SETTLED} when this connector owns the partition, {@code UNKNOWN} otherwise
   */
  public synchronized Settled settleAt(TopicPartition tp, long offset) {
    Track t = tracks.get(tp);
    if (t == null) {
      return Settled.UNKNOWN;
    }
    if (t.buffer.remove(offset) != null) {
      buffered--;
      t.unsettled.remove(offset);
    } else if (offset >= t.next) {
      t.preSettled.add(offset);
    }
    notifyAll();
    return Settled.SETTLED;
  }

  /**
   * The watermarks that moved since the last commit.
   *
   * @return offsets to commit
   */
  public synchronized Map<TopicPartition, OffsetAndMetadata> due() {
    Map<TopicPartition, OffsetAndMetadata> m = new HashMap<>();
    for (Track t : tracks.values()) {
      if (t.next >= 0 && t.watermark() > t.committed) {
        m.put(t.tp, new OffsetAndMetadata(t.watermark()));
      }
    }
    return m;
  }

  /**
   * Offsets were committed.
   *
   * @param offsets what was committed
   */
  public synchronized void committed(Map<TopicPartition, OffsetAndMetadata> offsets) {
    offsets.forEach(
        (tp, om) -> {
          Track t = tracks.get(tp);
          if (t != null) {
            t.committed = Math.max(t.committed, om.offset());
          }
        });
  }

  /**
   * The watermark of each assigned partition, -1 where nothing was fetched yet.
   *
   * @return watermarks by partition
   */
  public synchronized Map<TopicPartition, Long> watermarks() {
    Map<TopicPartition, Long> m = new HashMap<>();
    tracks.forEach((tp, t) -> m.put(tp, t.watermark()));
    return m;
  }

  /**
   * Offsets between the last commits and the fetch positions, over all partitions: what a crash now
   * would deliver again.
   *
   * @return the window
   */
  public synchronized long window() {
    long w = 0;
    for (Track t : tracks.values()) {
      w += t.window();
    }
    return w;
  }

  /**
   * Whether the partition is assigned here.
   *
   * @param tp the partition
   * @return true when owned
   */
  public synchronized boolean owns(TopicPartition tp) {
    return tracks.containsKey(tp);
  }

  /**
   * Counts for health.
   *
   * @return assigned, buffered, in flight and dropped settlements
   */
  public synchronized Map<String, Object> counts() {
    return Map.of(
        "assigned_partitions", tracks.size(),
        "buffered", buffered,
        "in_flight", handedOut.size(),
        "window", window(),
        "dropped_settlements", droppedSettlements);
  }

  /**
   * Settlements dropped because their partition had been revoked.
   *
   * @return the count
   */
  public synchronized long droppedSettlements() {
    return droppedSettlements;
  }
}
