package dev.ergon.connector.kafka;

import java.nio.charset.StandardCharsets;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/** A plain producer for tests: writes raw records (JSON or not) with keys and partitions. */
final class Records implements AutoCloseable {
  private final KafkaProducer<byte[], byte[]> producer;
  private final java.util.concurrent.atomic.AtomicReference<Exception> failed =
      new java.util.concurrent.atomic.AtomicReference<>();
  private final java.util.concurrent.atomic.AtomicLong failures =
      new java.util.concurrent.atomic.AtomicLong();

  Records() {
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, Broker.bootstrap());
    p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    p.put(ProducerConfig.LINGER_MS_CONFIG, "5");
    // a loaded CI machine can stall the in-JVM broker for a while: give a batch time, not expiry
    p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "600000");
    p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "120000");
    producer = new KafkaProducer<>(p);
  }

  /** Sends a record and returns at once. */
  void send(String topic, Integer partition, String key, String value) {
    producer.send(
        new ProducerRecord<>(
            topic,
            partition,
            key == null ? null : key.getBytes(StandardCharsets.UTF_8),
            value == null ? null : value.getBytes(StandardCharsets.UTF_8)),
        (metadata, e) -> {
          if (e != null) {
            failures.incrementAndGet();
            failed.compareAndSet(null, e);
          }
        });
  }

  /**
   * Waits until everything sent is acknowledged.
   *
   * @throws IllegalStateException when a record could not be written, so that a test's set-up never
   *     silently holds fewer records than it sent
   */
  void flush() {
    producer.flush();
    Exception e = failed.get();
    if (e != null) {
      throw new IllegalStateException(failures.get() + " test record(s) were not written", e);
    }
  }

  @Override
  public void close() {
    producer.close(java.time.Duration.ofSeconds(5));
  }
}
