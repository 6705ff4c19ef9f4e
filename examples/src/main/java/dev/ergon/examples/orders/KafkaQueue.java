package dev.ergon.examples.orders;

import dev.ergon.connector.Connector;
import dev.ergon.connector.kafka.KafkaConnector;
import dev.ergon.connector.kafka.KafkaSettings;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.jspecify.annotations.Nullable;

/**
 * {@link OrderQueue#kafka}: the Kafka connector on topic {@code <name>} (4 partitions, created when
 * missing) in the consumer group {@code <name>-workers} (session timeout 10 s, so a killed worker's
 * partitions move on after that), dead letters to {@code <name>.dlt}. Without bootstrap servers it
 * runs on a KRaft broker started inside this process (a temporary log directory: what it holds dies
 * with the process). Counting (the group's lag), clearing and deleting use Kafka's {@link Admin}
 * client, so they never join the group.
 */
final class KafkaQueue implements OrderQueue {
  private static final int PARTITIONS = 4;

  /**
   * The most offsets between the last commit and the fetch position: what a killed worker's
   * successor may process again is at most this plus one poll ({@code max_in_flight / 2}).
   */
  static final int MAX_IN_FLIGHT = 200;

  private static final long TIMEOUT_SECONDS = 30;

  private final @Nullable String configured;
  private final String topic;
  private @Nullable EmbeddedServer broker;
  private @Nullable String bootstrap;

  KafkaQueue(@Nullable String bootstrapServers, String topic) {
    this.configured = bootstrapServers;
    this.topic = topic;
  }

  private synchronized String bootstrap() {
    if (bootstrap == null) {
      if (configured != null) {
        bootstrap = configured;
      } else {
        broker = EmbeddedServer.kafka();
        bootstrap = broker.address();
      }
    }
    return bootstrap;
  }

  private String group() {
    return topic + "-workers";
  }

  private String deadLetterTopic() {
    return topic + ".dlt";
  }

  private KafkaSettings settings() {
    return KafkaSettings.builder()
        .bootstrapServers(bootstrap())
        .topics(topic)
        .group(group())
        .deadLetterTopic(deadLetterTopic())
        .clientId("ergon-demo")
        .maxInFlight(MAX_IN_FLIGHT)
        // a killed worker's partitions move to the others after 10 s (the client's default: 45 s)
        .property("session.timeout.ms", "10000")
        .property("heartbeat.interval.ms", "3000")
        .build();
  }

  @Override
  public Connector open() {
    return new KafkaConnector(settings());
  }

  private Admin admin() {
    Properties p = new Properties();
    p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap());
    p.put(AdminClientConfig.CLIENT_ID_CONFIG, "ergon-demo-admin");
    return Admin.create(p);
  }

  @Override
  public void prepare() throws Exception {
    try (Admin admin = admin()) {
      for (NewTopic t :
          List.of(
              new NewTopic(topic, PARTITIONS, (short) 1),
              new NewTopic(deadLetterTopic(), 1, (short) 1))) {
        try {
          admin.createTopics(Set.of(t)).all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
          if (!(e.getCause() instanceof TopicExistsException)) {
            throw e;
          }
        }
      }
    }
  }

  /** The group's lag: records after its committed offsets (or the log start, without one). */
  @Override
  public long pending() throws Exception {
    try (Admin admin = admin()) {
      List<TopicPartition> parts = partitions(admin, topic);
      if (parts.isEmpty()) {
        return 0;
      }
      Map<TopicPartition, Long> start = offsets(admin, parts, OffsetSpec.earliest());
      Map<TopicPartition, Long> end = offsets(admin, parts, OffsetSpec.latest());
      Map<TopicPartition, OffsetAndMetadata> committed =
          admin
              .listConsumerGroupOffsets(group())
              .partitionsToOffsetAndMetadata()
              .get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
      long lag = 0;
      for (TopicPartition tp : parts) {
        OffsetAndMetadata c = committed.get(tp);
        long from = Math.max(start.get(tp), c == null ? 0 : c.offset());
        lag += Math.max(0, end.get(tp) - from);
      }
      return lag;
    } catch (ExecutionException e) {
      if (e.getCause() instanceof UnknownTopicOrPartitionException) {
        return 0;
      }
      throw e;
    }
  }

  @Override
  public void clear() throws Exception {
    try (Admin admin = admin()) {
      for (String t : List.of(topic, deadLetterTopic())) {
        List<TopicPartition> parts = partitions(admin, t);
        Map<TopicPartition, RecordsToDelete> upTo = new HashMap<>();
        offsets(admin, parts, OffsetSpec.latest())
            .forEach((tp, end) -> upTo.put(tp, RecordsToDelete.beforeOffset(end)));
        if (!upTo.isEmpty()) {
          admin.deleteRecords(upTo).all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        }
      }
    }
  }

  @Override
  public void delete() throws Exception {
    try (Admin admin = admin()) {
      try {
        admin.deleteConsumerGroups(Set.of(group())).all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
      } catch (ExecutionException e) {
        if (!(e.getCause() instanceof GroupIdNotFoundException)) {
          throw e;
        }
      }
      try {
        admin
            .deleteTopics(Set.of(topic, deadLetterTopic()))
            .all()
            .get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
      } catch (ExecutionException e) {
        if (!(e.getCause() instanceof UnknownTopicOrPartitionException)) {
          throw e;
        }
      }
    }
  }

  private static List<TopicPartition> partitions(Admin admin, String topic) throws Exception {
    try {
      return admin
          .describeTopics(Set.of(topic))
          .allTopicNames()
          .get(TIMEOUT_SECONDS, TimeUnit.SECONDS)
          .get(topic)
          .partitions()
          .stream()
          .map(p -> new TopicPartition(topic, p.partition()))
          .toList();
    } catch (ExecutionException e) {
      if (e.getCause() instanceof UnknownTopicOrPartitionException) {
        return List.of();
      }
      throw e;
    }
  }

  private static Map<TopicPartition, Long> offsets(
      Admin admin, List<TopicPartition> parts, OffsetSpec spec) throws Exception {
    Map<TopicPartition, OffsetSpec> ask = new HashMap<>();
    parts.forEach(tp -> ask.put(tp, spec));
    Map<TopicPartition, Long> out = new HashMap<>();
    admin
        .listOffsets(ask)
        .all()
        .get(TIMEOUT_SECONDS, TimeUnit.SECONDS)
        .forEach((tp, info) -> out.put(tp, info.offset()));
    return out;
  }

  @Override
  public boolean durable() {
    return configured != null;
  }

  /** Stops the in-process broker, if this queue started one. */
  @Override
  public synchronized void close() {
    if (broker != null) {
      try {
        broker.close();
      } finally {
        broker = null;
        bootstrap = null;
      }
    }
  }

  @Override
  public String describe() {
    return configured == null
        ? "kafka broker in this process (topic " + topic + ", group " + group() + ")"
        : "kafka " + configured + " (topic " + topic + ", group " + group() + ")";
  }
}
