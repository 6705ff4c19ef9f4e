package dev.ergon.examples.orders;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The demo's command line and environment: how many orders, which queue and where it is.
 *
 * <pre>{@code
 * DemoOptions options = DemoOptions.parse(args, System.getenv());
 * OrderQueue queue = options.orderQueue();
 * }</pre>
 *
 * @param orders how many orders to feed when the queue is empty, at least 1
 * @param queue {@code sqlite}, {@code memory}, {@code postgres}, {@code rabbitmq} or {@code nats}
 * @param dataDir where the embedded SQL queue keeps its file
 * @param jdbcUrl the PostgreSQL JDBC URL
 * @param amqpUri the RabbitMQ URI
 * @param natsUrl the NATS server URL
 * @param fresh whether to empty the queue first
 * @param help whether to print the usage and do nothing else
 */
public record DemoOptions(
    int orders,
    String queue,
    Path dataDir,
    String jdbcUrl,
    String amqpUri,
    String natsUrl,
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

  private static final Set<String> QUEUES =
      Set.of("sqlite", "memory", "postgres", "rabbitmq", "nats");

  /** Checks the fields. */
  public DemoOptions {
    Objects.requireNonNull(queue, "queue");
    Objects.requireNonNull(dataDir, "dataDir");
    Objects.requireNonNull(jdbcUrl, "jdbcUrl");
    Objects.requireNonNull(amqpUri, "amqpUri");
    Objects.requireNonNull(natsUrl, "natsUrl");
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
    String jdbcUrl = env.getOrDefault(JDBC_URL_ENV, DEFAULT_JDBC_URL);
    String amqpUri = env.getOrDefault(AMQP_URI_ENV, DEFAULT_AMQP_URI);
    String natsUrl = env.getOrDefault(NATS_URL_ENV, DEFAULT_NATS_URL);
    boolean fresh = false;
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      String name = arg.contains("=") ? arg.substring(0, arg.indexOf('=')) : arg;
      switch (name) {
        case "--help", "-h" -> {
          return new DemoOptions(orders, queue, dataDir, jdbcUrl, amqpUri, natsUrl, fresh, true);
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
                "--queue must be one of sqlite, memory, postgres, rabbitmq, nats; got '"
                    + queue
                    + "'");
          }
        }
        case "--data-dir" -> {
          dataDir = Path.of(value(args, i, arg));
          i += arg.contains("=") ? 0 : 1;
        }
        case "--jdbc-url" -> {
          jdbcUrl = value(args, i, arg);
          i += arg.contains("=") ? 0 : 1;
        }
        case "--amqp-uri" -> {
          amqpUri = value(args, i, arg);
          i += arg.contains("=") ? 0 : 1;
        }
        case "--nats-url" -> {
          natsUrl = value(args, i, arg);
          i += arg.contains("=") ? 0 : 1;
        }
        default -> throw new IllegalArgumentException("unknown argument '" + arg + "'");
      }
    }
    return new DemoOptions(orders, queue, dataDir, jdbcUrl, amqpUri, natsUrl, fresh, false);
  }

  /**
   * The queue these options choose.
   *
   * @return its settings
   */
  public OrderQueue orderQueue() {
    return switch (queue) {
      case "memory" -> OrderQueue.memory();
      case "postgres" -> OrderQueue.postgres(jdbcUrl, POSTGRES_TABLE);
      case "rabbitmq" -> OrderQueue.rabbitmq(amqpUri, RABBITMQ_QUEUE);
      case "nats" -> OrderQueue.nats(natsUrl, NATS_STREAM);
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
