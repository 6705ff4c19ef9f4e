package dev.ergon.examples.orders;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ergon.engine.Outcome.Kind;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OrderPipelineDemoTest {
  @TempDir Path dir;

  @Test
  void runsOnTheEmbeddedSqlQueueByDefaultAndTwiceInARow() {
    Run first = demo("--orders", "50", "--data-dir", dir.toString());
    Run second = demo("--orders", "50", "--data-dir", dir.toString());

    for (Run run : List.of(first, second)) {
      assertThat(run.exitCode).as(run.err).isZero();
      assertThat(run.out)
          .contains("Ergon order pipeline on sqlite " + dir.resolve("orders.db"))
          .containsPattern("fed this run +50\\b")
          .containsPattern("succeeded +48\\b")
          .containsPattern("failed_handled +2\\b")
          .containsPattern("retries +4\\b")
          .containsPattern("left in the queue +0\\b")
          .contains("All 50 orders settled; the queue is empty.");
    }
    assertThat(dir.resolve("orders.db")).exists();
  }

  @Test
  void runsInMemoryWhenTold() {
    Run run = demo("--queue", "memory", "--orders=20");

    assertThat(run.exitCode).as(run.err).isZero();
    assertThat(run.out).contains("on memory").contains("All 20 orders settled");
  }

  @Test
  void runsOnSqsWithAnElasticMqServerInsideTheProcessWhenNoEndpointIsGiven() {
    Run run = demo("--queue", "sqs", "--orders", "30");

    assertThat(run.exitCode).as(run.err).isZero();
    assertThat(run.out)
        .contains("on sqs ElasticMQ in this process (queue ergon-demo-orders)")
        .containsPattern("succeeded +29\\b")
        .containsPattern("failed_handled +1\\b")
        .contains("All 30 orders settled; the queue is empty.");
  }

  @Test
  void runsOnKafkaWithABrokerInsideTheProcessWhenNoBootstrapServersAreGiven() {
    Run run = demo("--queue", "kafka", "--orders", "30");

    assertThat(run.exitCode).as(run.err).isZero();
    assertThat(run.out)
        .contains("on kafka broker in this process (topic ergon-demo-orders")
        .containsPattern("succeeded +29\\b")
        .containsPattern("failed_handled +1\\b")
        .contains("All 30 orders settled; the queue is empty.");
  }

  @Test
  void theRedisUriComesFromTheFlagElseTheEnvironmentAndIsNeverShownWithItsPassword() {
    Map<String, String> env = Map.of(DemoOptions.REDIS_URI_ENV, "redis://:s3cret@env:6379");

    assertThat(
            DemoOptions.parse(new String[] {"--queue", "redis"}, Map.of()).orderQueue().describe())
        .isEqualTo("redis redis://127.0.0.1:6379 (stream ergon-demo-orders)");
    assertThat(DemoOptions.parse(new String[] {"--queue", "redis"}, env).orderQueue().describe())
        .isEqualTo("redis redis://env:6379 (stream ergon-demo-orders)");
    assertThat(
            DemoOptions.parse(new String[] {"--queue=redis", "--redis-uri", "redis://flag:1"}, env)
                .orderQueue()
                .describe())
        .isEqualTo("redis redis://flag:1 (stream ergon-demo-orders)");
  }

  @Test
  void theKafkaBootstrapServersComeFromTheFlagElseTheEnvironment() {
    Map<String, String> env = Map.of(DemoOptions.KAFKA_BOOTSTRAP_ENV, "env:9092");

    assertThat(DemoOptions.parse(new String[] {"--queue", "kafka"}, Map.of()).kafkaBootstrap())
        .isEmpty();
    assertThat(DemoOptions.parse(new String[] {"--queue", "kafka"}, env).kafkaBootstrap())
        .hasValue("env:9092");
    DemoOptions flag =
        DemoOptions.parse(
            new String[] {"--queue", "kafka", "--kafka-bootstrap=k1:9092,k2:9092"}, env);
    assertThat(flag.orderQueue().describe())
        .isEqualTo(
            "kafka k1:9092,k2:9092 (topic ergon-demo-orders, group ergon-demo-orders-workers)");
  }

  @Test
  void theSqsEndpointComesFromTheFlagElseTheEnvironmentAndMustBeAnHttpUrl() {
    Map<String, String> env = Map.of(DemoOptions.SQS_ENDPOINT_ENV, "http://env:9324");

    assertThat(DemoOptions.parse(new String[] {"--queue", "sqs"}, Map.of()).sqsEndpoint())
        .isEmpty();
    assertThat(DemoOptions.parse(new String[] {"--queue", "sqs"}, env).sqsEndpoint())
        .hasValueSatisfying(u -> assertThat(u).hasToString("http://env:9324"));
    DemoOptions flag =
        DemoOptions.parse(new String[] {"--queue=sqs", "--sqs-endpoint", "https://sqs.x"}, env);
    assertThat(flag.orderQueue().describe())
        .isEqualTo("sqs https://sqs.x (queue ergon-demo-orders)");
    assertThat(flag.orderQueue().durable()).isTrue();
    assertThat(demo("--queue", "sqs", "--sqs-endpoint", "sqs.x").err)
        .contains(
            "--sqs-endpoint (or ERGON_DEMO_SQS_ENDPOINT) must be an http(s) URL; got 'sqs.x'");
  }

  @Test
  void helpPrintsUsageAndHowToPointTheDemoElsewhere() {
    Run run = demo("--help");

    assertThat(run.exitCode).isZero();
    assertThat(run.out)
        .startsWith("usage: ergon demo")
        .contains("./ergon demo --queue postgres", "ERGON_DEMO_JDBC_URL", "ERGON_DEMO_AMQP_URI")
        .contains("Surviving a restart");
  }

  @Test
  void badArgumentsExitTwoWithAMessage() {
    assertThat(demo("--orders").err).contains("--orders needs a value");
    assertThat(demo("--orders", "0").exitCode).isEqualTo(2);
    assertThat(demo("--orders=many").err).contains("--orders needs a whole number", "'many'");
    assertThat(demo("--queue", "kinesis").err).contains("--queue must be one of", "'kinesis'");
    assertThat(demo("--fast").err).contains("unknown argument '--fast'", "usage:");
  }

  @Test
  void anUnreachableQueueExitsOneAndNamesIt() {
    Run run = demo("--queue", "postgres", "--jdbc-url", "jdbc:postgresql://127.0.0.1:1/nope");

    assertThat(run.exitCode).isEqualTo(1);
    assertThat(run.err).contains("cannot use the queue postgresql://127.0.0.1:1/nope");
  }

  @Test
  void theNatsQueueTakesItsUrlFromTheFlagElseTheEnvironmentElseTheDefault() {
    Map<String, String> env = Map.of(DemoOptions.NATS_URL_ENV, "nats://env:4222");

    assertThat(DemoOptions.parse(new String[] {"--queue", "nats"}, Map.of()).natsUrl())
        .isEqualTo("nats://127.0.0.1:4222");
    assertThat(DemoOptions.parse(new String[] {"--queue", "nats"}, env).natsUrl())
        .isEqualTo("nats://env:4222");
    DemoOptions flag =
        DemoOptions.parse(new String[] {"--queue", "nats", "--nats-url=nats://flag:4222"}, env);
    assertThat(flag.natsUrl()).isEqualTo("nats://flag:4222");
    assertThat(flag.orderQueue().describe())
        .isEqualTo(
            "nats [nats://flag:4222] (stream ergon-demo-orders, subject ergon-demo-orders.orders)");
  }

  @Test
  void theEnvironmentPointsTheQueuesElsewhereAndFlagsWin() {
    Map<String, String> env =
        Map.of(
            DemoOptions.JDBC_URL_ENV, "jdbc:postgresql://db/app",
            DemoOptions.AMQP_URI_ENV, "amqp://rabbit");

    assertThat(DemoOptions.parse(new String[0], env).jdbcUrl())
        .isEqualTo("jdbc:postgresql://db/app");
    assertThat(DemoOptions.parse(new String[0], env).amqpUri()).isEqualTo("amqp://rabbit");
    assertThat(DemoOptions.parse(new String[] {"--jdbc-url", "jdbc:postgresql://x/y"}, env))
        .extracting(DemoOptions::jdbcUrl)
        .isEqualTo("jdbc:postgresql://x/y");
    DemoOptions defaults = DemoOptions.parse(new String[0], Map.of());
    assertThat(defaults.queue()).isEqualTo("sqlite");
    assertThat(defaults.orderQueue().describe())
        .isEqualTo("sqlite ergon-data/orders.db (table orders)");
    assertThat(defaults.jdbcUrl()).isEqualTo(DemoOptions.DEFAULT_JDBC_URL);
    assertThatThrownBy(() -> DemoOptions.parse(new String[] {"--queue"}, Map.of()))
        .hasMessage("--queue needs a value");
  }

  @Test
  void reportsWhyWhenOrdersAreLeftOver() {
    PipelineSummary leftOver =
        new PipelineSummary(
            "memory",
            10,
            10,
            0,
            Map.of(Kind.SUCCEEDED, 7L, Kind.REDELIVER, 1L),
            0,
            7,
            0,
            3,
            BigDecimal.TEN,
            Duration.ofMillis(1),
            Duration.ofMillis(2),
            List.of("the run was stopped before the end (Ctrl-C or SIGTERM)"));

    assertThat(leftOver.settled()).isFalse();
    assertThat(leftOver.problems())
        .containsExactly(
            "the run was stopped before the end (Ctrl-C or SIGTERM)",
            "7 of 10 orders succeeded or were handled (outcomes: " + leftOver.outcomes() + ")",
            "the queue still holds 3 orders; run the demo again to resume them");
  }

  private record Run(int exitCode, String out, String err) {}

  private static Run demo(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code =
        OrderPipelineDemo.run(
            args,
            Map.of(),
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8),
            pipeline -> {});
    return new Run(
        code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }
}
