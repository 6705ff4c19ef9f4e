package dev.ergon.test;

import dev.ergon.transaction.Transaction;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The fetched, unsettled deliveries of an {@link InMemoryConnector}, in delivery order. Each
 * delivery has its own tag, as on a broker, so two deliveries with the same transaction id (a
 * source that dispatched a duplicate) are tracked apart; settling by id settles the oldest.
 *
 * <p>Not thread-safe: the connector guards it with its own lock.
 */
final class InFlight {
  private final Map<Long, Transaction> byTag = new LinkedHashMap<>();
  private final Map<String, ArrayDeque<Long>> tagsById = new HashMap<>();
  private long nextTag;

  void add(Transaction transaction) {
    long tag = nextTag++;
    byTag.put(tag, transaction);
    tagsById.computeIfAbsent(transaction.id(), id -> new ArrayDeque<>()).addLast(tag);
  }

  /** Removes the oldest delivery with this id and returns it, or null when there is none. */
  @Nullable Transaction remove(String id) {
    ArrayDeque<Long> tags = tagsById.get(id);
    if (tags == null) {
      return null;
    }
    long tag = tags.removeFirst();
    if (tags.isEmpty()) {
      tagsById.remove(id);
    }
    return byTag.remove(tag);
  }

  /** Removes every delivery and returns them in delivery order. */
  List<Transaction> drain() {
    List<Transaction> all = snapshot();
    byTag.clear();
    tagsById.clear();
    return all;
  }

  List<Transaction> snapshot() {
    return List.copyOf(byTag.values());
  }

  int size() {
    return byTag.size();
  }
}
