package dev.ergon.reliability;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.ConnectionFactory;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.EnumSet;
import java.util.Set;

/**
 * Counts the dead letters of a queue where the demo's queues put them ({@link
 * dev.ergon.examples.orders.OrderQueue}): the SQL queue's rows with status {@code dead}, RabbitMQ's
 * {@code <queue>.dead} queue, the Redis stream {@code <name>.dead}. Read with each server's own
 * client, not through the connector under test.
 */
final class DeadLetters {
  /** The backends whose dead letters this class counts. */
  static final Set<Backend> COUNTED =
      EnumSet.of(Backend.POSTGRES, Backend.SQLITE, Backend.RABBITMQ, Backend.REDIS);

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
      default ->
          throw new IllegalArgumentException(
              "dead letters of " + backend.label() + " are not counted; counted: " + COUNTED);
    };
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
}
