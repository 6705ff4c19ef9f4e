package dev.ergon.examples.orders;

import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Runs the order pipeline on the queue the options choose and prints its summary. Exits 0 when the
 * queue ended empty with every order of the run settled, 1 when not (and says why), 2 on bad
 * arguments. Ctrl-C stops it cleanly: what is unsettled stays in the queue for the next run.
 *
 * <pre>{@code
 * ./ergon demo                      # 200 orders on the embedded SQL queue, ./ergon-data/orders.db
 * ./ergon demo --queue postgres     # the same pipeline on PostgreSQL
 * }</pre>
 */
public final class OrderPipelineDemo {

  static final String USAGE =
      """
      usage: ergon demo [--orders N] [--fresh] [--help]
                        [--queue sqlite|memory|postgres|rabbitmq|nats|redis|sqs|kafka]
                        [--data-dir DIR] [--jdbc-url URL] [--amqp-uri URI] [--nats-url URL]
                        [--redis-uri URI] [--sqs-endpoint URL] [--kafka-bootstrap HOST:PORT,...]

      Runs the order pipeline: a feeder puts N orders (default 200) on a queue, and a processor
      prices them. Every 10th order hits a flaky pricing service once and is retried; every 25th
      is invalid and is rejected by the exception handler. Prints a summary; exits 0 when the
      queue ended empty with every order of the run settled, 1 when not, 2 on bad arguments.

      The queue (--queue):
        sqlite    the default: the embedded SQL queue, file DIR/orders.db (DIR: --data-dir,
                  default ./ergon-data), table orders. No setup.
        memory    in this process only; nothing survives it.
        postgres  the SQL queue on PostgreSQL, table ergon_demo_orders; the JDBC URL comes from
                  --jdbc-url, else $ERGON_DEMO_JDBC_URL, else
                  jdbc:postgresql://127.0.0.1:5432/test?user=postgres
        rabbitmq  queue ergon-demo-orders (dead letters: exchange ergon-demo-orders.dlx, queue
                  ergon-demo-orders.dead); the URI comes from --amqp-uri, else
                  $ERGON_DEMO_AMQP_URI, else amqp://guest:guest@127.0.0.1:5672/%2f
        nats      JetStream stream ergon-demo-orders (subject ergon-demo-orders.orders, dead
                  letters ergon-demo-orders.orders.dead, durable ergon-demo-orders-workers);
                  the URL comes from --nats-url, else $ERGON_DEMO_NATS_URL, else
                  nats://127.0.0.1:4222
        redis     Redis stream ergon-demo-orders (group ergon-demo-orders-workers, dead letters
                  ergon-demo-orders.dead); the URI comes from --redis-uri, else
                  $ERGON_DEMO_REDIS_URI, else redis://127.0.0.1:6379
        sqs       Amazon SQS queue ergon-demo-orders (dead letters: ergon-demo-orders-dead) at
                  --sqs-endpoint, else $ERGON_DEMO_SQS_ENDPOINT (credentials and region from
                  the AWS SDK's default chain), else on an ElasticMQ server started inside
                  the demo, which keeps nothing after it
        kafka     Kafka topic ergon-demo-orders (4 partitions; group ergon-demo-orders-workers;
                  dead letters: ergon-demo-orders.dlt) at --kafka-bootstrap, else
                  $ERGON_DEMO_KAFKA_BOOTSTRAP, else on a KRaft broker started inside the demo,
                  which keeps nothing after it

      Surviving a restart: when the queue is empty at start, the demo feeds N orders; when it
      still holds orders (an earlier run was stopped with Ctrl-C or killed), it feeds nothing and
      resumes them, so each order is processed once however often you stop it. Orders a killed
      run had claimed come back when their lease expires (5 s). --fresh empties the queue first.

      The same pipeline elsewhere, by configuration alone:
        ./ergon demo --queue postgres
        ERGON_DEMO_JDBC_URL='jdbc:postgresql://db:5432/app?user=app&password=secret' \\
          ./ergon demo --queue postgres
        ./ergon demo --queue rabbitmq --amqp-uri amqp://user:secret@rabbit:5672/%2f
        ./ergon demo --queue nats --nats-url nats://nats:4222
        ./ergon demo --queue sqs
        ./ergon demo --queue kafka --kafka-bootstrap kafka-1:9092,kafka-2:9092
      """;

  private OrderPipelineDemo() {}

  /**
   * The entry point: runs the demo, stopping it cleanly on Ctrl-C.
   *
   * @param args see {@code --help}
   */
  public static void main(String[] args) {
    CountDownLatch done = new CountDownLatch(1);
    int code =
        run(
            args,
            System.getenv(),
            System.out,
            System.err,
            pipeline -> {
              Runtime.getRuntime()
                  .addShutdownHook(
                      new Thread(
                          () -> {
                            pipeline.stop();
                            awaitQuietly(done); // let the workers release what they hold
                          },
                          "order-demo-shutdown"));
            });
    done.countDown();
    System.exit(code);
  }

  /**
   * Parses the arguments, runs the pipeline and prints the summary.
   *
   * @param args the command-line arguments
   * @param env the environment
   * @param out where the summary goes
   * @param err where errors go
   * @param onStart receives the pipeline before it runs (to stop it from elsewhere)
   * @return the exit code: 0 settled, 1 not settled, 2 bad arguments
   */
  static int run(
      String[] args,
      Map<String, String> env,
      PrintStream out,
      PrintStream err,
      Consumer<OrderPipeline> onStart) {
    DemoOptions options;
    try {
      options = DemoOptions.parse(args, env);
    } catch (IllegalArgumentException e) {
      err.println("ergon demo: " + e.getMessage());
      err.print(USAGE);
      return 2;
    }
    if (options.help()) {
      out.print(USAGE);
      return 0;
    }
    OrderQueue queue = options.orderQueue();
    OrderPipeline pipeline = new OrderPipeline(queue);
    onStart.accept(pipeline);
    PipelineSummary summary;
    try {
      summary = pipeline.run(options.orders(), options.fresh());
    } catch (Exception e) {
      err.println("ergon demo: cannot use the queue " + queue.describe() + ": " + e);
      return 1;
    } finally {
      queue.close();
    }
    summary.printTo(out);
    List<String> problems = summary.problems();
    if (problems.isEmpty()) {
      out.println(
          "All "
              + summary.expected()
              + " orders settled"
              + (summary.resumed() > 0 ? " (resumed)" : "")
              + "; the queue is empty.");
      return 0;
    }
    err.println("Not every order was settled:");
    problems.forEach(p -> err.println("  - " + p));
    return 1;
  }

  private static void awaitQuietly(CountDownLatch done) {
    try {
      done.await(15, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
