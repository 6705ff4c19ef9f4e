package dev.ergon.connector.kafka;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;

/**
 * One real KRaft broker (combined broker and controller) inside the test JVM, started on first use
 * on a random port with a temporary log directory, and shared by every test class of the JVM.
 */
final class Broker {
  private static KafkaClusterTestKit cluster;
  private static Admin admin;

  private Broker() {}

  /** The bootstrap servers of the shared broker, starting it on first use. */
  static synchronized String bootstrap() {
    if (cluster == null) {
      try {
        KafkaClusterTestKit kit =
            new KafkaClusterTestKit.Builder(
                    new TestKitNodes.Builder()
                        .setCombined(true)
                        .setNumBrokerNodes(1)
                        .setNumControllerNodes(1)
                        .build())
                .setConfigProp("offsets.topic.replication.factor", "1")
                .setConfigProp("offsets.topic.num.partitions", "4")
                .setConfigProp("transaction.state.log.replication.factor", "1")
                .setConfigProp("transaction.state.log.min.isr", "1")
                .setConfigProp("group.initial.rebalance.delay.ms", "0")
                .setConfigProp("auto.create.topics.enable", "true")
                .setConfigProp("num.partitions", "1")
                .build();
        kit.format();
        kit.startup();
        kit.waitForReadyBrokers();
        cluster = kit;
        Runtime.getRuntime().addShutdownHook(new Thread(Broker::stop));
      } catch (Exception e) {
        throw new IllegalStateException("the in-JVM Kafka broker did not start", e);
      }
    }
    return cluster.bootstrapServers();
  }

  /** An admin client on the shared broker. */
  static synchronized Admin admin() {
    if (admin == null) {
      Properties p = new Properties();
      p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap());
      admin = Admin.create(p);
    }
    return admin;
  }

  /** A unique name with a prefix. */
  static String unique(String prefix) {
    return prefix + "_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
  }

  /** Creates a topic with {@code partitions} partitions and waits until it exists. */
  static void createTopic(String topic, int partitions) {
    try {
      admin()
          .createTopics(Set.of(new NewTopic(topic, partitions, (short) 1)))
          .all()
          .get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException("cannot create topic " + topic, e);
    }
  }

  /** Creates a topic unless it exists. */
  static void ensureTopic(String topic, int partitions) {
    try {
      if (!admin().listTopics().names().get(30, TimeUnit.SECONDS).contains(topic)) {
        createTopic(topic, partitions);
      }
    } catch (IllegalStateException e) {
      if (!(e.getCause() instanceof java.util.concurrent.ExecutionException ee
          && ee.getCause() instanceof org.apache.kafka.common.errors.TopicExistsException)) {
        throw e;
      }
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * The sum of a topic's end offsets over its partitions (how many records it ever held), or 0 when
   * the topic does not exist yet.
   */
  static long endOffsetSum(String topic) {
    try {
      var description =
          admin().describeTopics(Set.of(topic)).allTopicNames().get(30, TimeUnit.SECONDS);
      Map<TopicPartition, OffsetSpec> latest = new java.util.HashMap<>();
      description
          .get(topic)
          .partitions()
          .forEach(p -> latest.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest()));
      return admin().listOffsets(latest).all().get(30, TimeUnit.SECONDS).values().stream()
          .mapToLong(ListOffsetsResult.ListOffsetsResultInfo::offset)
          .sum();
    } catch (java.util.concurrent.ExecutionException e) {
      if (e.getCause() instanceof org.apache.kafka.common.errors.UnknownTopicOrPartitionException) {
        return 0;
      }
      throw new IllegalStateException("cannot read the end offsets of " + topic, e);
    } catch (Exception e) {
      throw new IllegalStateException("cannot read the end offsets of " + topic, e);
    }
  }

  /** Every record of a topic, read from the beginning without a group. */
  static List<ConsumerRecord<byte[], byte[]>> records(String topic) {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap());
    p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
    try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(p)) {
      List<TopicPartition> parts =
          c.partitionsFor(topic, Duration.ofSeconds(10)).stream()
              .map(i -> new TopicPartition(topic, i.partition()))
              .toList();
      c.assign(parts);
      c.seekToBeginning(parts);
      Map<TopicPartition, Long> end = c.endOffsets(parts);
      long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
      while (System.nanoTime() < deadline
          && parts.stream().anyMatch(tp -> c.position(tp) < end.get(tp))) {
        c.poll(Duration.ofMillis(100)).forEach(out::add);
      }
    } catch (org.apache.kafka.common.KafkaException e) {
      return out;
    }
    return out;
  }

  /** The {@code Ergon-Transaction-Id} of every record of a topic. */
  static List<String> ids(String topic) {
    return records(topic).stream().map(r -> header(r, "Ergon-Transaction-Id")).toList();
  }

  /** A header's value as text, or null. */
  static String header(ConsumerRecord<?, ?> r, String name) {
    Header h = r.headers().lastHeader(name);
    return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
  }

  /** Deletes topics, ignoring failures. */
  static void deleteTopics(String... topics) {
    try {
      admin().deleteTopics(Set.of(topics)).all().get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      // best effort
    }
  }

  /** Committed offsets of a group, by partition number, for one topic. */
  static Map<Integer, Long> committed(String group, String topic) throws Exception {
    var offsets =
        admin()
            .listConsumerGroupOffsets(group)
            .partitionsToOffsetAndMetadata()
            .get(30, TimeUnit.SECONDS);
    Map<Integer, Long> out = new java.util.TreeMap<>();
    offsets.forEach(
        (tp, om) -> {
          if (tp.topic().equals(topic) && om != null) {
            out.put(tp.partition(), om.offset());
          }
        });
    return out;
  }

  private static synchronized void stop() {
    try {
      if (admin != null) {
        admin.close();
      }
      // the broker itself stops with the JVM: the test kit deletes its directories then
    } catch (Exception e) {
      // shutting down
    }
  }
}
