package dev.ergon.connector.rabbitmq;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.GetResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * The test's own view of the broker on 127.0.0.1:5672: a separate connection to set up, inspect and
 * clean up queues, and {@code rabbitmqctl} for what only the broker knows (consumers, prefetch) and
 * to kill connections.
 */
final class Broker implements AutoCloseable {
  private final Connection connection;

  Broker() throws Exception {
    ConnectionFactory f = new ConnectionFactory();
    f.setHost("127.0.0.1");
    this.connection = f.newConnection("ergon-test-admin");
  }

  static String uniqueName(String prefix) {
    return prefix + "_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
  }

  /** Client settings for a connector with its own connection name, so the test can kill it. */
  static RabbitMqClientConfig client(String connectionName) {
    return RabbitMqClientConfig.builder()
        .host("127.0.0.1")
        .connectionName(connectionName)
        .recoveryInterval(Duration.ofMillis(200))
        .build();
  }

  /** Declares {@code <queue>.dlx} (fanout) and {@code <queue>.dead} bound to it. */
  void declareDeadLetterTopology(String queue) throws IOException {
    try (Channel ch = channel()) {
      ch.exchangeDeclare(queue + ".dlx", "fanout", true);
      ch.queueDeclare(queue + ".dead", true, false, false, null);
      ch.queueBind(queue + ".dead", queue + ".dlx", "");
    } catch (java.util.concurrent.TimeoutException e) {
      throw new IOException(e);
    }
  }

  /**
   * Declares {@code queue} and a headers exchange {@code exchange} that routes to it only the
   * messages with the header {@code route=yes}.
   */
  void declareHeadersRoute(String exchange, String queue) throws IOException {
    call(
        ch -> {
          ch.exchangeDeclare(exchange, "headers", true);
          ch.queueDeclare(queue, true, false, false, null);
          ch.queueBind(queue, exchange, "", Map.of("x-match", "all", "route", "yes"));
          return null;
        });
  }

  /**
   * The message ids in {@code queue}, read without removing them (they go back when the reading
   * channel closes).
   */
  List<String> peekIds(String queue) throws IOException {
    List<String> ids = new ArrayList<>();
    try (Channel ch = channel()) {
      GetResponse r;
      while ((r = ch.basicGet(queue, false)) != null) {
        ids.add(String.valueOf(r.getProps().getMessageId()));
      }
    } catch (java.util.concurrent.TimeoutException e) {
      throw new IOException(e);
    }
    return ids;
  }

  /** Ready messages in {@code queue}. */
  long ready(String queue) throws IOException {
    return call(ch -> (long) ch.queueDeclarePassive(queue).getMessageCount());
  }

  /** Publishes a raw message to {@code queue} through the default exchange. */
  void publish(String queue, AMQP.BasicProperties props, String body) throws IOException {
    call(
        ch -> {
          ch.basicPublish("", queue, props, body.getBytes(StandardCharsets.UTF_8));
          return null;
        });
  }

  void deleteQueues(String... queues) throws IOException {
    for (String q : queues) {
      call(ch -> ch.queueDelete(q));
    }
  }

  void deleteExchange(String exchange) throws IOException {
    call(ch -> ch.exchangeDelete(exchange));
  }

  private interface Call<T> {
    T run(Channel ch) throws IOException;
  }

  private <T> T call(Call<T> call) throws IOException {
    try (Channel ch = channel()) {
      return call.run(ch);
    } catch (java.util.concurrent.TimeoutException e) {
      throw new IOException(e);
    }
  }

  private Channel channel() throws IOException {
    return connection.createChannel();
  }

  /** The prefetch count of every consumer on {@code queue}, as the broker reports it. */
  static List<Integer> consumerPrefetches(String queue) throws Exception {
    List<Integer> out = new ArrayList<>();
    for (String line :
        ctl("-q", "--no-table-headers", "list_consumers", "queue_name", "prefetch_count")) {
      String[] cols = line.trim().split("\\s+");
      if (cols.length == 2 && cols[0].equals(queue)) {
        out.add(Integer.parseInt(cols[1]));
      }
    }
    return out;
  }

  /** Channels the broker holds for connections named {@code connectionName}. */
  static int channelsOf(String connectionName) throws Exception {
    int n = 0;
    for (String line :
        ctl("-q", "--no-table-headers", "list_connections", "client_properties", "channels")) {
      if (line.contains("\"connection_name\",\"" + connectionName + "\"")) {
        n += Integer.parseInt(line.trim().replaceAll(".*\\s(\\d+)$", "$1"));
      }
    }
    return n;
  }

  static int channelsOfQuietly(String connectionName) {
    try {
      return channelsOf(connectionName);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** Closes, from the broker side, every connection named {@code connectionName}. */
  static int closeConnections(String connectionName) throws Exception {
    int closed = 0;
    for (String line :
        ctl("-q", "--no-table-headers", "list_connections", "pid", "client_properties")) {
      if (line.contains("\"connection_name\",\"" + connectionName + "\"")) {
        String pid = line.trim().split("\\s+")[0];
        ctl("close_connection", pid, "test");
        closed++;
      }
    }
    return closed;
  }

  static List<String> ctl(String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of("rabbitmqctl"));
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IllegalStateException("rabbitmqctl " + String.join(" ", args) + " failed: " + out);
    }
    return out.lines().filter(l -> !l.isBlank()).toList();
  }

  static Map<String, Object> deadLetterArgs(String queue) {
    return Map.of("x-dead-letter-exchange", queue + ".dlx");
  }

  @Override
  public void close() throws IOException {
    connection.close();
  }
}
