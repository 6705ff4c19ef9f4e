package dev.ergon.bench.scenario;

import java.util.Optional;

/** S6: Kafka. Waits for the Kafka connector, which another engineer is building. */
final class KafkaScenario extends BaseScenario {

  KafkaScenario() {
    super("s6", "S6 Kafka", 200_000, 20_000, 200);
  }

  @Override
  public String settings(int transactions) {
    return "Ergon vs a raw KafkaConsumer loop with manual commits, on an in-JVM KRaft broker.";
  }

  @Override
  public String limitRow() {
    return "raw-consumer";
  }

  @Override
  public Optional<String> unavailable() {
    return Optional.of(
        "waits for the Kafka connector (connectors/kafka), which is being built in parallel;"
            + " no rows yet");
  }
}
