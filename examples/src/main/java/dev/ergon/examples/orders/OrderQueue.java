package dev.ergon.examples.orders;

import dev.ergon.connector.Connector;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * The queue the orders flow through, chosen by configuration: the embedded SQL queue (SQLite, a
 * file), PostgreSQL, RabbitMQ, NATS JetStream, Redis Streams, Amazon SQS, Kafka, or memory. The
 * pipeline only sees {@link #open()}: every worker builds its own connector from the same settings,
 * so nothing but the settings differ between the choices.
 *
 * <pre>{@code
 * OrderQueue queue = OrderQueue.sqlite(Path.of("ergon-data/orders.db"), "orders");
 * TaskConfig.builder("order-processor").connector("orders", queue::open);
 * }</pre>
 */
public sealed interface OrderQueue
    permits MemoryQueue,
        SqlQueue,
        RabbitQueue,
        NatsQueue,
        SqsQueue,
        KafkaQueue,
        RedisQueue,
        HttpQueue {

  /**
   * How long a SQL queue's claim holds an order. A row claimed by a process that was killed is
   * claimed again after at most this long; a live worker extends its leases while it runs.
   */
  Duration LEASE = Duration.ofSeconds(5);

  /**
   * A queue in this process's memory: nothing survives the process.
   *
   * @return a new, empty queue
   */
  static OrderQueue memory() {
    return new MemoryQueue();
  }

  /**
   * The embedded SQL queue: table {@code table} of the SQLite database in {@code file}, created
   * with its directory on first use.
   *
   * @param file the database file
   * @param table the queue table, a lowercase SQL identifier
   * @return the queue's settings
   */
  static OrderQueue sqlite(Path file, String table) {
    return SqlQueue.sqlite(file, table);
  }

  /**
   * The SQL queue on PostgreSQL (or any {@code jdbc:} URL the SQL queue connector supports).
   *
   * @param jdbcUrl the JDBC URL, credentials as URL parameters
   * @param table the queue table, a lowercase SQL identifier
   * @return the queue's settings
   */
  static OrderQueue postgres(String jdbcUrl, String table) {
    return SqlQueue.url(jdbcUrl, table);
  }

  /**
   * A durable RabbitMQ queue with a dead-letter exchange ({@code <queue>.dlx}) and a dead-letter
   * queue ({@code <queue>.dead}).
   *
   * @param amqpUri the broker, {@code amqp://user:password@host:port/vhost}
   * @param queue the queue's name
   * @return the queue's settings
   */
  static OrderQueue rabbitmq(String amqpUri, String queue) {
    return new RabbitQueue(amqpUri, queue);
  }

  /**
   * A NATS JetStream stream {@code stream} (created when missing) with subject {@code
   * <stream>.orders}, dead letters on {@code <stream>.orders.dead}, consumed through the durable
   * {@code <stream>-workers}.
   *
   * @param url the server, {@code nats://host:port}
   * @param stream the stream's name
   * @return the queue's settings
   */
  static OrderQueue nats(String url, String stream) {
    return new NatsQueue(url, stream);
  }

  /**
   * An Amazon SQS queue {@code name} with the dead-letter queue {@code <name>-dead}, both created
   * when missing.
   *
   * @param endpoint the SQS endpoint (credentials and region from the AWS SDK's default chain), or
   *     null for an ElasticMQ server started inside this process, which keeps nothing
   * @param name the queue's name
   * @return the queue's settings
   */
  static OrderQueue sqs(@Nullable URI endpoint, String name) {
    return new SqsQueue(endpoint, name);
  }

  /**
   * A Kafka topic {@code name} (created when missing, 4 partitions) consumed by the group {@code
   * <name>-workers}, dead letters to {@code <name>.dlt}.
   *
   * @param bootstrapServers the brokers, {@code host:port,…}, or null for a KRaft broker started
   *     inside this process, which keeps nothing
   * @param name the topic
   * @return the queue's settings
   */
  static OrderQueue kafka(@Nullable String bootstrapServers, String name) {
    return new KafkaQueue(bootstrapServers, name);
  }

  /**
   * A Redis stream {@code name} consumed by the group {@code <name>-workers} (both created when
   * missing), dead letters to {@code <name>.dead}.
   *
   * @param uri the server, {@code redis://[:password@]host:port}
   * @param name the stream
   * @return the queue's settings
   */
  static OrderQueue redis(String uri, String name) {
    return new RedisQueue(uri, name);
  }

  /**
   * The collection {@code name} of an {@link OrdersApi} read by the HTTP connector as a polling
   * source (offset pagination, a checkpoint file, dead letters to a JSON Lines file), written by
   * POST.
   *
   * @param api the API's URL, {@code http://host:port}, or null for an {@link OrdersApi} started
   *     inside this process, which keeps nothing
   * @param checkpoints the directory of the checkpoint ({@code <name>.checkpoint.json}) and the
   *     dead letters ({@code <name>.dead.jsonl}); every process reading the queue must use the same
   * @param name the collection (letters, digits, {@code _}, {@code -})
   * @return the queue's settings
   */
  static OrderQueue http(@Nullable String api, Path checkpoints, String name) {
    return new HttpQueue(api, checkpoints, name);
  }

  /**
   * The dead-letter file of {@link #http}'s queue {@code name}.
   *
   * @param checkpoints its checkpoints' directory
   * @param name the queue
   * @return the JSON Lines file, one dead letter a line
   */
  static Path httpDeadLetters(Path checkpoints, String name) {
    return HttpQueue.deadLetterFile(checkpoints, name);
  }

  /**
   * A new connector onto this queue; the caller closes it.
   *
   * @return the connector
   */
  Connector open();

  /**
   * Creates what is missing (table, queues, exchanges) and checks the queue can be reached.
   *
   * @throws Exception when it cannot be reached
   */
  void prepare() throws Exception;

  /**
   * How many orders the queue holds that are not settled: waiting, or claimed by a consumer that
   * has not settled them yet (dead letters excluded).
   *
   * @return the count
   * @throws Exception when the queue cannot be reached
   */
  long pending() throws Exception;

  /**
   * Removes every order from the queue (dead letters included).
   *
   * @throws Exception when the queue cannot be reached
   */
  void clear() throws Exception;

  /**
   * Deletes the queue itself (table, queues, exchanges); for tests.
   *
   * @throws Exception when the queue cannot be reached
   */
  void delete() throws Exception;

  /**
   * Whether what the queue holds outlives this process.
   *
   * @return false for memory
   */
  boolean durable();

  /** Stops what this queue started in this process (an in-process server); idempotent. */
  default void close() {}

  /**
   * Says which queue this is, for the summary; never a password.
   *
   * @return e.g. {@code sqlite ergon-data/orders.db (table orders)}
   */
  String describe();
}
