package dev.ergon.connector.kafka;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentSkipListMap;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * A plain producer for tests: writes raw records (JSON or not) with keys and partitions, and makes
 * sure a test's set-up holds exactly what it sent.
 *
 * <p>On a loaded machine the client has been seen to leave a batch unsent until its delivery
 * timeout (CI: 941 of 100,000 records after 2 minutes; 177 of 2,000 after 10 minutes), which a
 * fresh producer does not repeat. So {@link #flush()} sends what failed again on a new producer, up
 * to three rounds, in the order it was first sent (an idempotent producer fails the rest of a
 * partition after a failed batch, so order within a partition holds), and then checks, by end
 * offsets, that every topic got exactly the number of records sent to it: a write that timed out
 * but landed after all shows as a surplus and fails the set-up instead of doubling a record.
 */
final class Records implements AutoCloseable {
  private static final int ROUNDS = 3;

  private record Sent(String topic, Integer partition, byte[] key, byte[] value) {}

  private final List<Sent> sent = new ArrayList<>();
  private final Map<String, Long> endBefore = new HashMap<>();
  private final Map<String, Long> sentTo = new HashMap<>();
  private final ConcurrentSkipListMap<Integer, Exception> failed = new ConcurrentSkipListMap<>();
  private KafkaProducer<byte[], byte[]> producer = newProducer();
  private boolean resent;

  private static KafkaProducer<byte[], byte[]> newProducer() {
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, Broker.bootstrap());
    p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    p.put(ProducerConfig.LINGER_MS_CONFIG, "5");
    p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "30000");
    p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "90000");
    return new KafkaProducer<>(p);
  }

  /** Sends a record and returns at once; {@link #flush()} reports whether it was written. */
  void send(String topic, Integer partition, String key, String value) {
    endBefore.computeIfAbsent(topic, Broker::endOffsetSum);
    sentTo.merge(topic, 1L, Long::sum);
    sent.add(
        new Sent(
            topic,
            partition,
            key == null ? null : key.getBytes(StandardCharsets.UTF_8),
            value == null ? null : value.getBytes(StandardCharsets.UTF_8)));
    write(sent.size() - 1);
  }

  private void write(int index) {
    Sent s = sent.get(index);
    producer.send(
        new ProducerRecord<>(s.topic(), s.partition(), s.key(), s.value()),
        (metadata, e) -> {
          if (e != null) {
            failed.put(index, e);
          }
        });
  }

  /**
   * Waits until everything sent is written, sending again what failed.
   *
   * @throws IllegalStateException when records could not be written in three rounds, or a topic
   *     holds more or fewer new records than were sent to it, so that a test's set-up never
   *     silently holds other records than it sent
   */
  void flush() {
    for (int round = 1; ; round++) {
      producer.flush();
      if (failed.isEmpty()) {
        break;
      }
      List<Integer> again = new ArrayList<>(failed.keySet());
      Exception first = failed.firstEntry().getValue();
      if (round == ROUNDS) {
        throw new IllegalStateException(
            again.size() + " test record(s) were not written in " + ROUNDS + " rounds: " + first,
            first);
      }
      System.err.printf(
          "Records: %d test record(s) failed (%s); sending them again on a new producer%n",
          again.size(), first);
      failed.clear();
      producer.close(Duration.ZERO);
      producer = newProducer();
      resent = true;
      again.forEach(this::write);
    }
    sentTo.forEach(
        (topic, count) -> {
          long written = Broker.endOffsetSum(topic) - endBefore.get(topic);
          if (written != count) {
            throw new IllegalStateException(
                "topic "
                    + topic
                    + " got "
                    + written
                    + " new record(s), "
                    + count
                    + " were sent"
                    + (resent && written > count
                        ? " (some of them twice: a timed-out write landed after all)"
                        : ""));
          }
        });
  }

  @Override
  public void close() {
    producer.close(Duration.ofSeconds(5));
  }
}
