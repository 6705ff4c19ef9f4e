package dev.ergon.bench.scenario;

import dev.ergon.policy.LoopMode;
import dev.ergon.policy.ThreadKind;
import java.util.Locale;

/**
 * S6: Kafka. Ergon's Kafka connector against a raw {@code KafkaConsumer} loop with manual commits
 * after processing, on a KRaft broker inside the measuring JVM, on a fresh topic per pass.
 */
final class KafkaScenario extends BaseScenario {
  static final int CONCURRENCY = 8;
  static final int BATCH = 500;

  KafkaScenario() {
    super("s6", "S6 Kafka", 200_000, 20_000, 200);
    row(
        "raw-consumer",
        "hand-written KafkaConsumer loop, JSON decode, commitSync after each poll",
        KafkaRawPass::new);
    row(
        "ergon-platform-batch",
        "Ergon KafkaConnector, platform threads, batch",
        n -> new KafkaErgonPass(n, ThreadKind.PLATFORM, LoopMode.BATCH));
    row(
        "ergon-virtual-continuous",
        "Ergon KafkaConnector, virtual threads, continuous",
        n -> new KafkaErgonPass(n, ThreadKind.VIRTUAL, LoopMode.CONTINUOUS));
  }

  @Override
  public String settings(int transactions) {
    return String.format(
        Locale.ROOT,
        "%,d JSON records per pass on a fresh %d-partition topic of a one-node KRaft broker in the"
            + " same JVM; Ergon at concurrency %d, batch %d, no-op task, telemetry off. Ratios are"
            + " to the raw consumer loop.",
        transactions,
        Kafka.PARTITIONS,
        CONCURRENCY,
        BATCH);
  }

  @Override
  public void release() {
    Kafka.stopBroker();
  }

  @Override
  public String limitRow() {
    return "raw-consumer";
  }
}
