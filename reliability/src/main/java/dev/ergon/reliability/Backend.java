package dev.ergon.reliability;

import dev.ergon.examples.orders.OrderQueue;
import java.net.URI;
import java.nio.file.Path;
import java.util.Locale;

/**
 * A connector under test, as the demo's queues build it (same settings, leases of {@link
 * OrderQueue#LEASE}), so that the parent and every worker process open the same queue from a kind,
 * a location and a name.
 */
public enum Backend {
  /** The SQL queue on PostgreSQL. */
  POSTGRES,
  /** The embedded SQL queue: a SQLite file shared by the processes. */
  SQLITE,
  /** RabbitMQ, with a dead-letter exchange. */
  RABBITMQ,
  /** NATS JetStream, one durable pull consumer. */
  NATS,
  /** Redis Streams, one consumer group (a dead worker's entries reclaimed after 5 s idle). */
  REDIS,
  /** Amazon SQS on an ElasticMQ server the parent runs. */
  SQS,
  /** Kafka on a KRaft broker the parent runs. */
  KAFKA,
  /**
   * The HTTP connector polling a paginated JSON API the parent runs ({@link
   * dev.ergon.examples.orders.OrdersApi}), with a checkpoint file shared by the processes.
   */
  HTTP;

  /**
   * Where the HTTP queues keep their checkpoints and dead letters: a directory every process of the
   * suite on this machine finds ({@code java.io.tmpdir}).
   */
  static final Path HTTP_CHECKPOINTS =
      Path.of(System.getProperty("java.io.tmpdir"), "ergon-reliability-http");

  /**
   * The default location of this backend on this machine.
   *
   * @param dir a directory for files (SQLite)
   * @return the URL, file or endpoint; for SQS, Kafka and HTTP, filled in by the parent's server
   */
  public String defaultLocation(Path dir) {
    return switch (this) {
      case POSTGRES -> Ledger.DEFAULT_URL;
      case SQLITE -> dir.resolve("queue.db").toString();
      case RABBITMQ -> "amqp://guest:guest@127.0.0.1:5672/%2f";
      case NATS -> "nats://127.0.0.1:4222";
      case REDIS -> "redis://127.0.0.1:6379";
      case SQS, KAFKA, HTTP -> "";
    };
  }

  /**
   * The queue at {@code location} named {@code name}.
   *
   * @param location the URL, file or endpoint
   * @param name the queue, table or stream name (lowercase letters, digits, underscores)
   * @return the queue
   */
  public OrderQueue queue(String location, String name) {
    return switch (this) {
      case POSTGRES -> OrderQueue.postgres(location, name);
      case SQLITE -> OrderQueue.sqlite(Path.of(location), name);
      case RABBITMQ -> OrderQueue.rabbitmq(location, name);
      case NATS -> OrderQueue.nats(location, name);
      case REDIS -> OrderQueue.redis(location, name);
      case SQS -> OrderQueue.sqs(URI.create(location), name);
      case KAFKA -> OrderQueue.kafka(location, name);
      case HTTP -> OrderQueue.http(location, HTTP_CHECKPOINTS, name);
    };
  }

  /**
   * The most transactions a killed worker's successor may process again: those held in flight. For
   * Kafka that is the demo queue's {@code max_in_flight} (200) plus one poll (100), since the
   * committed offset trails the settled records by up to that window; for the others, the worker's
   * concurrency (a transaction is settled on its own right after it is processed).
   *
   * @param concurrency the worker's concurrency
   * @return the bound
   */
  public int inFlightBound(int concurrency) {
    return this == KAFKA ? 300 : concurrency;
  }

  /**
   * The most transactions a worker may process again after its queue's server was down for a while:
   * every one it held unsettled when the server went away. The engine goes on processing what it
   * fetched (it cannot know the settlements will fail) and each settlement fails, so all of them
   * come back. The SQL queue claims a whole batch at a time ({@code batch} rows, whatever the
   * concurrency), the brokers deliver at most their prefetch, which the engine bounds by the
   * concurrency. SQS holds what one fetch received: the connector receives (10 per ReceiveMessage)
   * up to the number the engine asks for, the batch size in the worker's batch loop (free slots, at
   * most the concurrency, in a continuous one), and on a standard queue holds nothing back beyond
   * it (held-back messages are FIFO groups'); the engine fetches again only once the batch is
   * settled.
   *
   * @param concurrency the worker's concurrency
   * @param batch the worker's batch size
   * @return the bound
   */
  public int outageBound(int concurrency, int batch) {
    return switch (this) {
      case POSTGRES, SQLITE -> Math.max(batch, concurrency);
      // SQS: one fetch's messages, up to what the engine asked for (above)
      case SQS -> Math.max(batch, concurrency);
      // RabbitMQ: prefetch = concurrency; NATS: max_ack_pending = concurrency and a fetch takes at
      // most the concurrency; Redis: XREADGROUP COUNT at most the concurrency
      case RABBITMQ, NATS, REDIS -> concurrency;
      // HTTP: a settlement is a write of the local checkpoint file, which the API's outage does
      // not touch; what is repeated is at most what a kill would repeat
      case HTTP -> concurrency;
      // Kafka: what a killed worker's successor may read again (the commits trail by that window)
      default -> inFlightBound(concurrency);
    };
  }

  /**
   * The name the command line and the table use.
   *
   * @return e.g. {@code postgres}
   */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
