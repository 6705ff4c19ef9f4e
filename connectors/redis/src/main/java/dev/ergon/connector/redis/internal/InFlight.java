package dev.ergon.connector.redis.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/** The entries this connector fetched and has not settled yet, by transaction id. Thread-safe. */
public final class InFlight {

  /**
   * One fetched entry.
   *
   * @param txId the transaction id
   * @param entryId the stream entry id
   * @param deliveries its delivery count when fetched
   * @param fields the entry's fields as stored (for a dead letter)
   */
  public record Entry(String txId, String entryId, long deliveries, Map<String, String> fields) {
    /** Copies the fields. */
    public Entry {
      fields = Map.copyOf(fields);
    }
  }

  private final Map<String, Entry> entries = new ConcurrentHashMap<>();

  /** Creates an empty set. */
  public InFlight() {}

  /**
   * Adds an entry unless one with the same transaction id is in flight.
   *
   * @param e the entry
   * @return false when its transaction id is taken
   */
  public boolean add(Entry e) {
    return entries.putIfAbsent(e.txId(), e) == null;
  }

  /**
   * Removes and returns the entry of a transaction.
   *
   * @param txId the transaction id
   * @return the entry, or null when it is not in flight
   */
  public @Nullable Entry take(String txId) {
    return entries.remove(txId);
  }

  /**
   * The entry of a transaction, left in flight.
   *
   * @param txId the transaction id
   * @return the entry, or null when it is not in flight
   */
  public @Nullable Entry get(String txId) {
    return entries.get(txId);
  }

  /**
   * The entry ids in flight now.
   *
   * @return a snapshot
   */
  public List<String> entryIds() {
    List<String> ids = new ArrayList<>();
    entries.values().forEach(e -> ids.add(e.entryId()));
    return ids;
  }

  /**
   * Removes every entry.
   *
   * @return the entries that were in flight
   */
  public List<Entry> drain() {
    List<Entry> all = new ArrayList<>(entries.values());
    all.forEach(e -> entries.remove(e.txId()));
    return all;
  }

  /**
   * How many are in flight.
   *
   * @return the count
   */
  public int size() {
    return entries.size();
  }
}
