package dev.ergon.bench.scenario;

import dev.ergon.examples.orders.EmbeddedServer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.jspecify.annotations.Nullable;

/**
 * The KRaft broker S6 runs on (one per child JVM, started on first use, in the measured JVM,
 * stopped by {@link KafkaScenario#release()}) and the topic of one pass: a fresh topic of {@link
 * #PARTITIONS} partitions filled with {@code n} JSON records before the pass is timed, deleted
 * afterwards.
 */
final class Kafka implements AutoCloseable {
  static final int PARTITIONS = 4;
  private static final int CHUNK = 10_000;
  private static EmbeddedServer broker;

  final String topic;
  final String group;

  /** Creates the topic and produces {@code n} records {@code {"n":i}} to it, all acknowledged. */
  Kafka(int n) throws Exception {
    byte[] b = new byte[6];
    new SecureRandom().nextBytes(b);
    String suffix = HexFormat.of().formatHex(b);
    this.topic = "bench-" + suffix;
    this.group = "bench-" + suffix + "-g";
    try (Admin admin = admin()) {
      admin.createTopics(List.of(new NewTopic(topic, PARTITIONS, (short) 1))).all().get();
      awaitLeaders(admin);
    }
    Map<String, Object> config =
        Map.of(
            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
            bootstrap(),
            ProducerConfig.ACKS_CONFIG,
            "all",
            ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
            false,
            ProducerConfig.LINGER_MS_CONFIG,
            5,
            ProducerConfig.BATCH_SIZE_CONFIG,
            256 * 1024);
    AtomicReference<@Nullable Exception> failed = new AtomicReference<>();
    AtomicInteger acked = new AtomicInteger();
    try (KafkaProducer<byte[], byte[]> p =
        new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer())) {
      for (int i = 0; i < n; i++) {
        byte[] value = ("{\"n\":" + i + "}").getBytes(StandardCharsets.UTF_8);
        p.send(
            new ProducerRecord<>(topic, i % PARTITIONS, null, value),
            (meta, e) -> {
              if (e == null) {
                acked.incrementAndGet();
              } else {
                failed.compareAndSet(null, e);
              }
            });
        if (i % CHUNK == CHUNK - 1) {
          p.flush(); // in chunks: a stalled batch shows at once instead of expiring at the end
        }
      }
      p.flush();
    }
    Exception e = failed.get();
    if (e != null || acked.get() != n) {
      throw new IllegalStateException(
          "the broker acknowledged " + acked.get() + " of " + n + " records of " + topic, e);
    }
  }

  /**
   * Waits until every partition of the new topic has a leader: a producer that sends before waits
   * for metadata, and on a busy machine its first batches can expire (and an idempotent producer's
   * sequence then breaks).
   */
  private void awaitLeaders(Admin admin) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (true) {
      TopicDescription d = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic);
      if (d != null
          && d.partitions().size() == PARTITIONS
          && d.partitions().stream().allMatch(p -> p.leader() != null && !p.leader().isEmpty())) {
        return;
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("topic " + topic + " has no leader for every partition");
      }
      Thread.sleep(20); // polling the broker's metadata; nothing to wait on instead
    }
  }

  /** The broker's bootstrap servers; starts the broker on first use. */
  static synchronized String bootstrap() {
    if (broker == null) {
      broker = EmbeddedServer.kafka();
    }
    return broker.address();
  }

  /** Stops the broker, when one was started. */
  static synchronized void stopBroker() {
    if (broker != null) {
      broker.close();
      broker = null;
    }
  }

  private static Admin admin() {
    return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap()));
  }

  @Override
  public void close() throws Exception {
    try (Admin admin = admin()) {
      admin.deleteTopics(List.of(topic)).all().get(60, TimeUnit.SECONDS);
      admin.deleteConsumerGroups(List.of(group)).all().get(60, TimeUnit.SECONDS);
    }
  }
}
