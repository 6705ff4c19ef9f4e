package dev.ergon.bench.scenario;

import dev.ergon.bench.harness.Pass;
import dev.ergon.connector.kafka.KafkaConnector;
import dev.ergon.connector.kafka.KafkaSettings;
import dev.ergon.policy.ConsumerPolicy;
import dev.ergon.policy.LoopMode;
import dev.ergon.policy.ThreadKind;
import io.opentelemetry.api.OpenTelemetry;
import java.time.Duration;

/**
 * Ergon's Kafka connector (watermark commits after settlement) under a no-op consumer task, in one
 * thread kind and loop mode, streaming until every record of the topic is done.
 */
final class KafkaErgonPass implements Pass {
  private final Kafka kafka;
  private final ErgonPass pass;

  KafkaErgonPass(int n, ThreadKind threads, LoopMode mode) throws Exception {
    this.kafka = new Kafka(n);
    KafkaConnector connector =
        new KafkaConnector(
            KafkaSettings.builder()
                .bootstrapServers(Kafka.bootstrap())
                .topics(kafka.topic)
                .group(kafka.group)
                .commitInterval(Duration.ofMillis(100))
                .build());
    ConsumerPolicy policy =
        ConsumerPolicy.builder("bench")
            .threads(threads)
            .mode(mode)
            .concurrency(KafkaScenario.CONCURRENCY)
            .batchSize(KafkaScenario.BATCH)
            .streaming(true)
            .limit(n)
            .build();
    this.pass = new ErgonPass(new NoopHooks(), policy, connector, n, OpenTelemetry.noop(), null);
  }

  @Override
  public void run() throws Exception {
    pass.run();
  }

  @Override
  public void close() throws Exception {
    try {
      pass.close();
    } finally {
      kafka.close();
    }
  }
}
