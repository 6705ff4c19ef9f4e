package dev.ergon.bench.scenario;

import java.util.Locale;
import java.util.Optional;

/**
 * S3: RabbitMQ, persistent messages, safe by default: consume, publish with a publisher confirm,
 * then acknowledge. Ergon's connector against a hand-written amqp-client pipeline and Spring AMQP,
 * on fresh queues per pass, deleted afterwards.
 */
final class RabbitMqScenario extends BaseScenario {
  static final int CONCURRENCY = 64;

  RabbitMqScenario() {
    super("s3", "S3 RabbitMQ consume → publish with confirms → ack", 200_000, 20_000, 200);
    row(
        "ergon",
        "Ergon RabbitMqConnector, virtual threads, confirm per dispatch",
        n -> new RabbitErgonPass(n, CONCURRENCY));
    row(
        "amqp-client",
        "hand-written amqp-client pipeline, batched confirms, ack after confirm",
        n -> new RabbitHandPass(n, CONCURRENCY));
    row(
        "spring-batched",
        "Spring AMQP listener container, batched confirms",
        n -> new SpringRabbitPass(n, CONCURRENCY, true));
    row(
        "spring-per-message",
        "Spring AMQP listener container, " + CONCURRENCY + " consumers, per-message confirms",
        n -> new SpringRabbitPass(n, CONCURRENCY, false));
  }

  @Override
  public String settings(int transactions) {
    return String.format(
        Locale.ROOT,
        "%,d persistent messages per pass on %s:%d, from a fresh durable queue to another;"
            + " prefetch = concurrency = %d. Ratios are to the hand-written amqp-client pipeline.",
        transactions,
        Rabbit.HOST,
        Rabbit.PORT,
        CONCURRENCY);
  }

  @Override
  public String limitRow() {
    return "amqp-client";
  }

  @Override
  public Optional<String> unavailable() {
    return Rabbit.unavailable();
  }
}
