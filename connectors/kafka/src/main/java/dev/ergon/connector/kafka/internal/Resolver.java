package dev.ergon.connector.kafka.internal;

import dev.ergon.connector.kafka.KafkaSettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;

/**
 * Finds one record by transaction id with a short-lived consumer of its own (assigned, never
 * joining the group, never committing): {@code topic/partition/offset} is read directly, any other
 * id is looked up in the {@code Ergon-Transaction-Id} header of the records after the group's
 * committed offsets, at most {@link #MAX_SCAN} of them.
 */
public final class Resolver {
  /** The most records scanned for an id that is not a position. */
  public static final int MAX_SCAN = 10_000;

  private static final Pattern POSITION = Pattern.compile("(.+)/(\\d{1,9})/(\\d{1,19})");

  private final KafkaSettings settings;

  /**
   * A resolver.
   *
   * @param settings the connector's settings
   */
  public Resolver(KafkaSettings settings) {
    this.settings = settings;
  }

  /**
   * Finds the record.
   *
   * @param id a transaction id
   * @return the record, or empty
   */
  public Optional<ConsumerRecord<byte[], byte[]>> find(String id) {
    try (KafkaConsumer<byte[], byte[]> c =
        new KafkaConsumer<>(ClientProperties.consumer(settings, settings.group(), "-resolver"))) {
      Matcher m = POSITION.matcher(id);
      if (m.matches() && consumed(m.group(1))) {
        return byPosition(
            c,
            new TopicPartition(m.group(1), Integer.parseInt(m.group(2))),
            Long.parseLong(m.group(3)));
      }
      return byHeader(c, id);
    }
  }

  private boolean consumed(String topic) {
    return settings.topicPattern() != null
        ? Pattern.compile(settings.topicPattern()).matcher(topic).matches()
        : settings.topics().contains(topic);
  }

  private Optional<ConsumerRecord<byte[], byte[]>> byPosition(
      KafkaConsumer<byte[], byte[]> c, TopicPartition tp, long offset) {
    Duration t = settings.settleTimeout();
    Map<TopicPartition, Long> end = c.endOffsets(Set.of(tp), t);
    if (end.getOrDefault(tp, 0L) <= offset) {
      return Optional.empty();
    }
    c.assign(Set.of(tp));
    c.seek(tp, offset);
    long deadline = System.nanoTime() + t.toNanos();
    while (System.nanoTime() < deadline) {
      for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(100))) {
        if (r.offset() == offset) {
          return Optional.of(r);
        }
        if (r.offset() > offset) {
          return Optional.empty(); // compacted away
        }
      }
    }
    return Optional.empty();
  }

  private Optional<ConsumerRecord<byte[], byte[]>> byHeader(
      KafkaConsumer<byte[], byte[]> c, String id) {
    Duration t = settings.settleTimeout();
    Set<TopicPartition> parts = new HashSet<>();
    for (String topic : topics(c)) {
      List<PartitionInfo> infos = c.partitionsFor(topic, t);
      for (PartitionInfo p : infos == null ? List.<PartitionInfo>of() : infos) {
        parts.add(new TopicPartition(p.topic(), p.partition()));
      }
    }
    if (parts.isEmpty()) {
      return Optional.empty();
    }
    Map<TopicPartition, Long> end = new HashMap<>(c.endOffsets(parts, t));
    Map<TopicPartition, OffsetAndMetadata> committed =
        settings.group() == null ? Map.of() : c.committed(parts, t);
    c.assign(parts);
    Map<TopicPartition, Long> begin = c.beginningOffsets(parts, t);
    for (TopicPartition tp : parts) {
      OffsetAndMetadata om = committed.get(tp);
      c.seek(tp, Math.max(begin.getOrDefault(tp, 0L), om == null ? 0L : om.offset()));
    }
    int scanned = 0;
    long deadline = System.nanoTime() + t.toNanos();
    while (!end.isEmpty() && scanned < MAX_SCAN && System.nanoTime() < deadline) {
      for (TopicPartition tp : new ArrayList<>(end.keySet())) {
        if (c.position(tp, t) >= end.get(tp)) {
          end.remove(tp);
        }
      }
      for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(100))) {
        scanned++;
        if (Codec.id(r).equals(id)) {
          return Optional.of(r);
        }
      }
    }
    if (!end.isEmpty()) {
      throw new IllegalStateException(
          "transaction id '"
              + id
              + "' not found among the first "
              + scanned
              + " records after the committed offsets of "
              + settings.describeSource()
              + "; resolve by topic/partition/offset instead");
    }
    return Optional.empty();
  }

  private List<String> topics(KafkaConsumer<byte[], byte[]> c) {
    if (settings.topicPattern() == null) {
      return settings.topics();
    }
    Pattern p = Pattern.compile(settings.topicPattern());
    return c.listTopics(settings.settleTimeout()).keySet().stream()
        .filter(t -> p.matcher(t).matches())
        .toList();
  }
}
