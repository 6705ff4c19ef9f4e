package dev.ergon.bench.scenario;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ergon.bench.harness.Pass;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * The hand-written limit: one {@link KafkaConsumer} polling the topic, decoding each value as JSON
 * (the work Ergon's connector does for every record), and committing synchronously after each
 * processed poll, so no offset is committed before its record is done.
 */
final class KafkaRawPass implements Pass {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final Kafka kafka;
  private final int expected;

  KafkaRawPass(int n) throws Exception {
    this.kafka = new Kafka(n);
    this.expected = n;
  }

  @Override
  public void run() throws Exception {
    Map<String, Object> config =
        Map.of(
            ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
            Kafka.bootstrap(),
            ConsumerConfig.GROUP_ID_CONFIG,
            kafka.group,
            ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
            false,
            ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
            "earliest",
            ConsumerConfig.MAX_POLL_RECORDS_CONFIG,
            500);
    int seen = 0;
    long sum = 0;
    try (KafkaConsumer<byte[], byte[]> c =
        new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      c.subscribe(List.of(kafka.topic));
      long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
      while (seen < expected) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("only " + seen + " of " + expected + " records came");
        }
        ConsumerRecords<byte[], byte[]> records = c.poll(Duration.ofMillis(100));
        for (ConsumerRecord<byte[], byte[]> r : records) {
          sum += JSON.readTree(r.value()).get("n").asLong();
          seen++;
        }
        if (!records.isEmpty()) {
          c.commitSync();
        }
      }
    }
    long want = (long) expected * (expected - 1) / 2;
    if (sum != want) {
      throw new IllegalStateException("the records' sum is " + sum + ", not " + want);
    }
  }

  @Override
  public void close() throws Exception {
    kafka.close();
  }
}
