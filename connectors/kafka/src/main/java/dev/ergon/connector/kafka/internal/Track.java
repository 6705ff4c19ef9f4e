package dev.ergon.connector.kafka.internal;

import java.nio.ByteBuffer;
import java.util.HashSet;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.kafka.common.TopicPartition;

/**
 * One assigned partition in the {@link Ledger}: its unsettled offsets (the watermark is the lowest
 * of them, or the fetch position when none), its buffered records not yet handed out, and the keys
 * currently in flight. A new assignment of the same partition gets a new track. Guarded by the
 * ledger's lock.
 */
final class Track {
  final TopicPartition tp;

  /** Offsets fetched and not settled: buffered, held back or in the engine. */
  final TreeSet<Long> unsettled = new TreeSet<>();

  /** Fetched records not handed out yet, by offset. */
  final TreeMap<Long, Ledger.Held> buffer = new TreeMap<>();

  /** Keys of records in flight (ordering {@code KEY}). */
  final Set<ByteBuffer> busyKeys = new HashSet<>();

  /** Offsets settled (through resolve-by-id) before they were fetched here. */
  final Set<Long> preSettled = new HashSet<>();

  /** Records of this track in the engine or being dead-lettered. */
  int inFlight;

  /** The offset after the last fetched record; -1 before the first. */
  long next = -1;

  /** The last committed offset; -1 before the first commit. */
  long committed = -1;

  /** The first offset fetched under this assignment; -1 before the first. */
  long start = -1;

  /** Set once, under the ledger's lock; read without it. */
  volatile boolean revoked;

  Track(TopicPartition tp) {
    this.tp = tp;
  }

  /** The offset to commit: the lowest unsettled offset, or the fetch position; -1 if none. */
  long watermark() {
    return unsettled.isEmpty() ? next : unsettled.first();
  }

  /**
   * Offsets between the last commit (or the first fetched offset) and the fetch position: what a
   * crash now would deliver again.
   */
  long window() {
    return next < 0 ? 0 : next - Math.max(committed, start);
  }
}
