package dev.ergon.connector.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ergon.engine.Outcome;
import dev.ergon.engine.Outcome.Disposition;
import dev.ergon.policy.ConsumerPolicy;
import dev.ergon.policy.RetryPolicy;
import dev.ergon.test.HarnessRun;
import dev.ergon.test.TaskHarness;
import dev.ergon.transaction.Transaction;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The connector under the real engine at concurrency 4: flow, dead-lettering, commits. */
class KafkaEngineTest {
  private static final String TRACEPARENT =
      "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
  private final String topic = Broker.unique("engine");
  private final List<KafkaConnector> opened = new ArrayList<>();

  @AfterEach
  void cleanUp() {
    opened.forEach(KafkaConnector::close);
    Broker.deleteTopics(topic, topic + ".dlt");
  }

  @Test
  void ordersFlowAtConcurrencyFourAndAPoisonIsDeadLetteredAfterItsAttempts() throws Exception {
    Broker.createTopic(topic, 3);
    KafkaConnector input =
        new KafkaConnector(
            KafkaSettings.builder()
                .bootstrapServers(Broker.bootstrap())
                .topics(topic)
                .group(topic + "_g")
                .commitInterval(Duration.ofMillis(200))
                .build());
    opened.add(input);
    List<Transaction> txs = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      txs.add(
          new Transaction(
              "order-" + i,
              Map.of("n", i),
              Map.of("traceparent", TRACEPARENT, "kafka.key", "customer-" + (i % 5))));
    }
    txs.add(15, Transaction.of("poison", Map.of("n", -1)));
    input.dispatchTransactions(txs);
    AtomicInteger poisonAttempts = new AtomicInteger();
    Set<String> seen = ConcurrentHashMap.newKeySet();

    HarnessRun run =
        TaskHarness.of(
                () ->
                    new FnConsumer(
                        tx -> {
                          if (tx.id().equals("poison")) {
                            poisonAttempts.incrementAndGet();
                            throw new IllegalStateException("cannot digest");
                          }
                          seen.add(tx.id());
                          return String.valueOf(tx.payload(Order.class).n());
                        },
                        true))
            .connector("input", input)
            .policy(
                ConsumerPolicy.builder("consumer")
                    .concurrency(4)
                    .batchSize(4)
                    .processRetry(RetryPolicy.builder().maxAttempts(3).build())
                    .build())
            .run();

    assertThat(poisonAttempts).hasValue(3);
    assertThat(((Outcome.FailedUnhandled) run.outcome("poison")).disposition())
        .isEqualTo(Disposition.DEAD_LETTERED);
    assertThat(run.count(Outcome.Kind.SUCCEEDED)).isEqualTo(30);
    assertThat(seen).hasSize(30);
    List<ConsumerRecord<byte[], byte[]>> dead = Broker.records(topic + ".dlt");
    assertThat(dead).hasSize(1);
    assertThat(Broker.header(dead.get(0), "Ergon-Transaction-Id")).isEqualTo("poison");
    assertThat(Broker.header(dead.get(0), "Ergon-Attempts")).isEqualTo("3");
    assertThat(Broker.header(dead.get(0), "Ergon-Error-Category")).isEqualTo("SYSTEM");
    assertThat(Broker.header(dead.get(0), "Ergon-Error-Message")).contains("cannot digest");
    // the harness closed the connector: its last commit covers every record
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                Broker.committed(topic + "_g", topic).values().stream()
                        .mapToLong(Long::longValue)
                        .sum()
                    == 31);
  }

  /** A typed payload. */
  record Order(int n) {}
}
