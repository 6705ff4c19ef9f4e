package dev.ergon.examples.orders;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The demo's command line and environment: how many orders, which queue and where it is.
 *
 * <pre>{@code
 * DemoOptions options = DemoOptions.parse(args, System.getenv());
 * OrderQueue queue = options.orderQueue();
 * }</pre>
 *
 * @param orders how many orders to feed when the queue is empty, at least 1
 * @param queue {@code sqlite}, {@code memory}, {@code postgres}, {@code rabbitmq}, {@code nats},
 *     {@code redis}, {@code sqs} or {@code kafka}
 * @param dataDir where the embedded SQL queue keeps its file
 * @param locations where each networked queue is, by queue name (its flag, else its environment
 *     variable, else its default)
 * @param fresh whether to empty the queue first
 * @param help whether to print the usage and do nothing else
 */
public record DemoOptions(
    int orders,
    String queue,
    Path dataDir,
    Map<String, String> locations,
    boolean fresh,
    boolean help) {

  /** How many orders the demo feeds unless told otherwise. */
  public static final int DEFAULT_ORDERS = 200;

  /** The environment variable that overrides the default PostgreSQL URL. */
  public static final String JDBC_URL_ENV = "ERGON_DEMO_JDBC_URL";

  /** The environment variable that overrides the default RabbitMQ URI. */
  public static final String AMQP_URI_ENV = "ERGON_DEMO_AMQP_URI";

  /** The environment variable that overrides the default NATS URL. */
  public static final String NATS_URL_ENV = "ERGON_DEMO_NATS_URL";

  /** The environment variable that overrides the default Redis URI. */
  public static final String REDIS_URI_ENV = "ERGON_DEMO_REDIS_URI";

  /** The Redis URI unless told otherwise. */
  public static final String DEFAULT_REDIS_URI = "redis://127.0.0.1:6379";

  /** The environment variable that points the Kafka queue at brokers. */
  public static final String KAFKA_BOOTSTRAP_ENV = "ERGON_DEMO_KAFKA_BOOTSTRAP";

  /** The environment variable that points the SQS queue at an SQS endpoint. */
  public static final String SQS_ENDPOINT_ENV = "ERGON_DEMO_SQS_ENDPOINT";

  /** The NATS URL unless told otherwise. */
  public static final String DEFAULT_NATS_URL = "nats://127.0.0.1:4222";

  /** The NATS JetStream stream. */
  public static final String NATS_STREAM = "ergon-demo-orders";

  /** The PostgreSQL URL unless told otherwise. */
  public static final String DEFAULT_JDBC_URL =
      "jdbc:postgresql://127.0.0.1:5432/test?user=postgres";

  /** The RabbitMQ URI unless told otherwise. */
  public static final String DEFAULT_AMQP_URI = "amqp://guest:guest@127.0.0.1:5672/%2f";

  /** The SQLite queue's table, and the file's name in the data directory. */
  public static final String SQLITE_TABLE = "orders";

  /** The PostgreSQL queue's table. */
  public static final String POSTGRES_TABLE = "ergon_demo_orders";

  /** The RabbitMQ queue. */
  public static final String RABBITMQ_QUEUE = "ergon-demo-orders";

  /** The Redis stream (its group: {@code ergon-demo-orders-workers}). */
  public static final String REDIS_STREAM = "ergon-demo-orders";

  /** The Kafka topic (its group: {@code ergon-demo-orders-workers}). */
  public static final String KAFKA_TOPIC = "ergon-demo-orders";

  /** The SQS queue (its dead letters: {@code ergon-demo-orders-dead}). */
  public static final String SQS_QUEUE = "ergon-demo-orders";

  /** Where a networked queue is: its flag, its environment variable, its default. */
  private record Place(String queue, String flag, String env, String fallback) {}

  private static final List<Place> PLACES =
      List.of(
          new Place("postgres", "--jdbc-url", JDBC_URL_ENV, DEFAULT_JDBC_URL),
          new Place("rabbitmq", "--amqp-uri", AMQP_URI_ENV, DEFAULT_AMQP_URI),
          new Place("nats", "--nats-url", NATS_URL_ENV, DEFAULT_NATS_URL),
          new Place("redis", "--redis-uri", REDIS_URI_ENV, DEFAULT_REDIS_URI),
          new Place("sqs", "--sqs-endpoint", SQS_ENDPOINT_ENV, ""), // "": ElasticMQ in-process
          new Place("kafka", "--kafka-bootstrap", KAFKA_BOOTSTRAP_ENV, "")); // "": a broker too

  private static final List<String> QUEUES =
      List.of("sqlite", "memory", "postgres", "rabbitmq", "nats", "redis", "sqs", "kafka");

  /** Checks the fields. */
  public DemoOptions {
    Objects.requireNonNull(queue, "queue");
    Objects.requireNonNull(dataDir, "dataDir");
    locations = Map.copyOf(locations);
  }

  /**
   * Parses the arguments; the environment gives the URLs' defaults.
   *
   * @param args the command-line arguments
   * @param env the environment, e.g. {@code System.getenv()}
   * @return the options
   * @throws IllegalArgumentException on a bad argument, with a message for the user
   */
  public static DemoOptions parse(String[] args, Map<String, String> env) {
    int orders = DEFAULT_ORDERS;
    String queue = "sqlite";
    Path dataDir = Path.of("ergon-data");
    Map<String, String> locations = new HashMap<>();
    for (Place p : PLACES) {
      locations.put(p.queue(), env.getOrDefault(p.env(), p.fallback()));
    }
    boolean fresh = false;
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      String name = arg.contains("=") ? arg.substring(0, arg.indexOf('=')) : arg;
      Place place = PLACES.stream().filter(p -> p.flag().equals(name)).findFirst().orElse(null);
      if (place != null) {
        locations.put(place.queue(), value(args, i, arg));
        i += arg.contains("=") ? 0 : 1;
        continue;
      }
      switch (name) {
        case "--help", "-h" -> {
          return new DemoOptions(orders, queue, dataDir, locations, fresh, true);
        }
        case "--fresh" -> fresh = true;
        case "--orders" -> {
          String value = value(args, i, arg);
          i += arg.contains("=") ? 0 : 1;
          orders = parseCount(value);
          if (orders < 1) {
            throw new IllegalArgumentException(
                "--orders needs a whole number from 1 up, got '" + value + "'");
          }
        }
        case "--queue" -> {
          queue = value(args, i, arg).toLowerCase(Locale.ROOT);
          i += arg.contains("=") ? 0 : 1;
          if (!QUEUES.contains(queue)) {
            throw new IllegalArgumentException(
                "--queue must be one of " + String.join(", ", QUEUES) + "; got '" + queue + "'");
          }
        }
        case "--data-dir" -> {
          dataDir = Path.of(value(args, i, arg));
          i += arg.contains("=") ? 0 : 1;
        }
        default -> throw new IllegalArgumentException("unknown argument '" + arg + "'");
      }
    }
    DemoOptions options = new DemoOptions(orders, queue, dataDir, locations, fresh, false);
    options.sqsEndpoint(); // a bad endpoint fails here, naming it
    return options;
  }

  /**
   * The PostgreSQL JDBC URL.
   *
   * @return {@code --jdbc-url}, else {@value #JDBC_URL_ENV}, else {@link #DEFAULT_JDBC_URL}
   */
  public String jdbcUrl() {
    return locations.getOrDefault("postgres", DEFAULT_JDBC_URL);
  }

  /**
   * The RabbitMQ URI.
   *
   * @return {@code --amqp-uri}, else {@value #AMQP_URI_ENV}, else {@link #DEFAULT_AMQP_URI}
   */
  public String amqpUri() {
    return locations.getOrDefault("rabbitmq", DEFAULT_AMQP_URI);
  }

  /**
   * The NATS server URL.
   *
   * @return {@code --nats-url}, else {@value #NATS_URL_ENV}, else {@link #DEFAULT_NATS_URL}
   */
  public String natsUrl() {
    return locations.getOrDefault("nats", DEFAULT_NATS_URL);
  }

  /**
   * The SQS endpoint.
   *
   * @return {@code --sqs-endpoint}, else {@value #SQS_ENDPOINT_ENV}; empty for an ElasticMQ server
   *     started inside the demo's process
   */
  public Optional<URI> sqsEndpoint() {
    String e = locations.getOrDefault("sqs", "");
    if (e.isBlank()) {
      return Optional.empty();
    }
    try {
      URI uri = new URI(e);
      if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())) {
        throw new URISyntaxException(e, "not http(s)");
      }
      return Optional.of(uri);
    } catch (URISyntaxException ex) {
      throw new IllegalArgumentException(
          "--sqs-endpoint (or " + SQS_ENDPOINT_ENV + ") must be an http(s) URL; got '" + e + "'",
          ex);
    }
  }

  /**
   * The Kafka bootstrap servers.
   *
   * @return {@code --kafka-bootstrap}, else {@value #KAFKA_BOOTSTRAP_ENV}; empty for a broker
   *     started inside the demo's process
   */
  public Optional<String> kafkaBootstrap() {
    String b = locations.getOrDefault("kafka", "");
    return b.isBlank() ? Optional.empty() : Optional.of(b);
  }

  /**
   * The queue these options choose.
   *
   * @return its settings
   */
  public OrderQueue orderQueue() {
    return switch (queue) {
      case "memory" -> OrderQueue.memory();
      case "postgres" -> OrderQueue.postgres(jdbcUrl(), POSTGRES_TABLE);
      case "rabbitmq" -> OrderQueue.rabbitmq(amqpUri(), RABBITMQ_QUEUE);
      case "nats" -> OrderQueue.nats(natsUrl(), NATS_STREAM);
      case "redis" ->
          OrderQueue.redis(locations.getOrDefault("redis", DEFAULT_REDIS_URI), REDIS_STREAM);
      case "sqs" -> OrderQueue.sqs(sqsEndpoint().orElse(null), SQS_QUEUE);
      case "kafka" -> OrderQueue.kafka(kafkaBootstrap().orElse(null), KAFKA_TOPIC);
      default -> OrderQueue.sqlite(dataDir.resolve(SQLITE_TABLE + ".db"), SQLITE_TABLE);
    };
  }

  private static String value(String[] args, int i, String arg) {
    int eq = arg.indexOf('=');
    if (eq >= 0) {
      return arg.substring(eq + 1);
    }
    if (i + 1 >= args.length) {
      throw new IllegalArgumentException(arg + " needs a value");
    }
    return args[i + 1];
  }

  private static int parseCount(String value) {
    try {
      return Integer.parseInt(value.strip());
    } catch (NumberFormatException e) {
      return -1;
    }
  }
}
