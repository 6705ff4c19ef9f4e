package dev.ergon.reliability;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;

/**
 * A server the suite starts for itself, on its own port and data directory, so that it can stop and
 * start it again without touching the machine's shared services: a PostgreSQL cluster ({@link
 * PostgresCluster}), a RabbitMQ node ({@link RabbitNode}), a NATS server ({@link NatsServer}), a
 * Redis server ({@link RedisServer}), a Kafka broker in a JVM of its own ({@link KafkaBroker}), an
 * ElasticMQ server for SQS in a JVM of its own ({@link ElasticMqServer}) or the HTTP queue's API
 * ({@link HttpApiServer}). Not thread-safe.
 */
sealed interface OwnServer extends AutoCloseable
    permits PostgresCluster,
        RabbitNode,
        NatsServer,
        RedisServer,
        KafkaBroker,
        ElasticMqServer,
        HttpApiServer {

  /**
   * A new, stopped server for {@code backend}.
   *
   * @param backend {@link Backend#POSTGRES}, {@link Backend#RABBITMQ}, {@link Backend#NATS}, {@link
   *     Backend#REDIS}, {@link Backend#KAFKA}, {@link Backend#SQS} or {@link Backend#HTTP}
   * @param logs where the server's own logs are copied when it fails to start
   * @return the server, its data directory created
   * @throws IOException when the binaries are missing or the directory cannot be made
   * @throws InterruptedException when interrupted while preparing it
   */
  static OwnServer of(Backend backend, Path logs) throws IOException, InterruptedException {
    return switch (backend) {
      case POSTGRES -> PostgresCluster.create(logs);
      case RABBITMQ -> RabbitNode.create(logs);
      case NATS -> NatsServer.create(logs);
      case REDIS -> RedisServer.create(logs);
      case KAFKA -> KafkaBroker.create(logs);
      case SQS -> ElasticMqServer.create(logs);
      case HTTP -> HttpApiServer.create(logs);
      default ->
          throw new IllegalArgumentException(
              "no restart scenario for "
                  + backend.label()
                  + " (postgres, rabbitmq, nats, redis, kafka, sqs and http have one)");
    };
  }

  /**
   * Starts the server (again, on the same data) and returns once it accepts connections.
   *
   * @throws IOException when it does not start; the message names its log
   * @throws InterruptedException when interrupted while waiting
   */
  void start() throws IOException, InterruptedException;

  /**
   * Stops the server and returns once it is down.
   *
   * @throws IOException when it cannot be stopped
   * @throws InterruptedException when interrupted while waiting
   */
  void stop() throws IOException, InterruptedException;

  /**
   * The location the backend's queue takes ({@link Backend#queue}).
   *
   * @return a JDBC URL, an AMQP URI, a {@code nats://} or a {@code redis://} URL, Kafka's bootstrap
   *     servers, an SQS endpoint or the orders API ({@code http://})
   */
  String location();

  /**
   * Says which server this is, for messages.
   *
   * @return e.g. {@code PostgreSQL on 127.0.0.1:41234 (/tmp/ergon-rel-pg…)}
   */
  String describe();

  /** Stops the server if it runs and deletes its data directory. */
  @Override
  void close();

  /** A TCP port free on the loopback interface now. */
  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }
}
