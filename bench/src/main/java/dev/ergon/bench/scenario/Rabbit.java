package dev.ergon.bench.scenario;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Optional;

/**
 * The RabbitMQ broker S3 runs on (127.0.0.1:5672, guest/guest) and the queues of one pass: a fresh
 * durable input queue filled with persistent messages, and a fresh output queue.
 */
final class Rabbit implements AutoCloseable {
  static final String HOST = System.getProperty("ergon.bench.rabbitmq.host", "127.0.0.1");
  static final int PORT = Integer.getInteger("ergon.bench.rabbitmq.port", 5672);
  static final AMQP.BasicProperties PERSISTENT =
      new AMQP.BasicProperties.Builder().deliveryMode(2).contentType("application/json").build();

  final String in;
  final String out;
  private final Connection admin;

  /** Declares both queues and publishes {@code n} persistent messages to the input, confirmed. */
  Rabbit(int n) throws Exception {
    byte[] b = new byte[6];
    new SecureRandom().nextBytes(b);
    String suffix = HexFormat.of().formatHex(b);
    this.in = "bench-in-" + suffix;
    this.out = "bench-out-" + suffix;
    this.admin = factory().newConnection("ergon-bench-admin");
    try (Channel ch = admin.createChannel()) {
      ch.queueDeclare(in, true, false, false, null);
      ch.queueDeclare(out, true, false, false, null);
      ch.confirmSelect();
      for (int i = 0; i < n; i++) {
        AMQP.BasicProperties p = PERSISTENT.builder().messageId("tx-" + i).build();
        ch.basicPublish("", in, p, Integer.toString(i).getBytes(StandardCharsets.UTF_8));
        if (i % 1_000 == 999) {
          ch.waitForConfirmsOrDie(30_000);
        }
      }
      ch.waitForConfirmsOrDie(30_000);
    }
  }

  static ConnectionFactory factory() {
    ConnectionFactory f = new ConnectionFactory();
    f.setHost(HOST);
    f.setPort(PORT);
    f.setUsername("guest");
    f.setPassword("guest");
    f.setConnectionTimeout(5_000);
    f.setAutomaticRecoveryEnabled(false);
    return f;
  }

  /** Why RabbitMQ cannot be used, or empty when a connection opens. */
  static Optional<String> unavailable() {
    try (Connection c = factory().newConnection("ergon-bench-check")) {
      return Optional.empty();
    } catch (Exception e) {
      return Optional.of("RabbitMQ is not reachable at " + HOST + ":" + PORT + ": " + e);
    }
  }

  /** Messages waiting in the output queue. */
  long published() throws Exception {
    try (Channel ch = admin.createChannel()) {
      return ch.queueDeclarePassive(out).getMessageCount();
    }
  }

  @Override
  public void close() throws Exception {
    try (Channel ch = admin.createChannel()) {
      ch.queueDelete(in);
      ch.queueDelete(out);
    } finally {
      admin.close();
    }
  }
}
