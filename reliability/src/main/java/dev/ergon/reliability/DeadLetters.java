package dev.ergon.reliability;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.ConnectionFactory;
import dev.ergon.examples.orders.OrderQueue;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.nats.client.Nats;
import io.nats.client.api.StreamInfoOptions;
import io.nats.client.api.Subject;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * Counts the dead letters of a queue where the demo's queues put them ({@link
 * dev.ergon.examples.orders.OrderQueue}): the SQL queue's rows with status {@code dead}, RabbitMQ's
 * {@code <queue>.dead} queue, the Redis stream {@code <name>.dead}, the NATS subject {@code
 * <name>.orders.dead} of the stream {@code <name>}, the SQS queue {@code <name>-dead}, the Kafka
 * topic {@code <name>.dlt} and the HTTP queue's JSON Lines file (a line each). Read with each
 * server's own client, not through the connector under test.
 */
final class DeadLetters {
  /** The backends whose dead letters this class counts. */
  static final Set<Backend> COUNTED = EnumSet.allOf(Backend.class);

  private DeadLetters() {}

  /**
   * How many dead letters the queue {@code name} at {@code location} holds.
   *
   * @param backend one of {@link #COUNTED}
   * @param location the queue's location ({@link Backend#queue})
   * @param name the queue's name
   * @return the count
   * @throws Exception when the server cannot be reached
   */
  static long count(Backend backend, String location, String name) throws Exception {
    return switch (backend) {
      case POSTGRES -> sql(location, name);
      case SQLITE -> sql("jdbc:sqlite:" + location, name);
      case RABBITMQ -> rabbit(location, name + ".dead");
      case REDIS -> redis(location, name + ".dead");
      case NATS -> nats(location, name, name + ".orders.dead");
      case SQS -> sqs(location, name + "-dead");
      case KAFKA -> kafka(location, name + ".dlt");
      case HTTP -> lines(OrderQueue.httpDeadLetters(Backend.HTTP_CHECKPOINTS, name));
    };
  }

  private static long lines(Path file) throws IOException {
    if (!Files.exists(file)) {
      return 0;
    }
    try (Stream<String> lines = Files.lines(file, StandardCharsets.UTF_8)) {
      return lines.filter(l -> !l.isBlank()).count();
    }
  }

  private static long sql(String url, String table) throws Exception {
    try (Connection c = DriverManager.getConnection(url);
        Statement st = c.createStatement();
        ResultSet rs =
            st.executeQuery("SELECT COUNT(*) FROM " + table + " WHERE status = 'dead'")) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private static long rabbit(String uri, String queue) throws Exception {
    ConnectionFactory f = new ConnectionFactory();
    f.setUri(uri);
    f.setAutomaticRecoveryEnabled(false);
    try (com.rabbitmq.client.Connection c = f.newConnection("ergon-reliability-dead-letters");
        Channel ch = c.createChannel()) {
      return ch.queueDeclarePassive(queue).getMessageCount();
    }
  }

  private static long redis(String uri, String stream) {
    RedisClient client = RedisClient.create(uri);
    try (StatefulRedisConnection<String, String> c = client.connect()) {
      Long n = c.sync().xlen(stream);
      return n == null ? 0 : n;
    } finally {
      client.shutdown();
    }
  }

  private static long nats(String url, String stream, String subject) throws Exception {
    try (io.nats.client.Connection c = Nats.connect(url)) {
      var state =
          c.jetStreamManagement()
              .getStreamInfo(stream, StreamInfoOptions.filterSubjects(subject))
              .getStreamState();
      return state.getSubjects().stream().mapToLong(Subject::getCount).sum();
    }
  }

  /** Visible, in flight and delayed: a dead letter counts from the moment SQS moved it. */
  private static long sqs(String endpoint, String queue) {
    try (SqsClient sqs =
        SqsClient.builder()
            .endpointOverride(URI.create(endpoint))
            .region(Region.of(System.getProperty("aws.region", "elasticmq")))
            .credentialsProvider(
                StaticCredentialsProvider.create(AwsBasicCredentials.create("x", "x")))
            .build()) {
      String url = sqs.getQueueUrl(b -> b.queueName(queue)).queueUrl();
      return sqs
          .getQueueAttributes(
              b ->
                  b.queueUrl(url)
                      .attributeNames(
                          QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                          QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE,
                          QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_DELAYED))
          .attributes()
          .values()
          .stream()
          .mapToLong(Long::parseLong)
          .sum();
    }
  }

  /** The records in the topic: end minus start offsets over its partitions. */
  private static long kafka(String bootstrap, String topic) throws Exception {
    try (Admin admin =
        Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
      List<TopicPartition> parts =
          admin
              .describeTopics(List.of(topic))
              .allTopicNames()
              .get(30, TimeUnit.SECONDS)
              .get(topic)
              .partitions()
              .stream()
              .map(p -> new TopicPartition(topic, p.partition()))
              .toList();
      Map<TopicPartition, OffsetSpec> earliest = new HashMap<>();
      Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
      parts.forEach(
          tp -> {
            earliest.put(tp, OffsetSpec.earliest());
            latest.put(tp, OffsetSpec.latest());
          });
      var start = admin.listOffsets(earliest).all().get(30, TimeUnit.SECONDS);
      var end = admin.listOffsets(latest).all().get(30, TimeUnit.SECONDS);
      long n = 0;
      for (TopicPartition tp : parts) {
        n += end.get(tp).offset() - start.get(tp).offset();
      }
      return n;
    }
  }
}
