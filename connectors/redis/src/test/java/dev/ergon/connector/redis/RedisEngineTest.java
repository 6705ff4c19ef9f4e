package dev.ergon.connector.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ergon.engine.Outcome;
import dev.ergon.engine.Outcome.Disposition;
import dev.ergon.policy.ConsumerPolicy;
import dev.ergon.policy.RetryPolicy;
import dev.ergon.test.HarnessRun;
import dev.ergon.test.TaskHarness;
import dev.ergon.transaction.Transaction;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The connector under the real engine at concurrency 4: flow, typed payloads, dead-lettering. */
class RedisEngineTest {
  private static final String TRACEPARENT =
      "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

  private final String stream = TestRedis.unique("ergon_engine");
  private final TestRedis redis = new TestRedis();
  private final List<RedisConnector> opened = new ArrayList<>();

  @AfterEach
  void cleanUp() {
    opened.forEach(RedisConnector::close);
    redis.delete(stream, stream + ".dead");
    redis.close();
  }

  @Test
  void ordersFlowAtConcurrencyFourAndAPoisonIsDeadLetteredWithItsFailureAfterItsAttempts()
      throws Exception {
    RedisConnector input = new RedisConnector(TestRedis.settings(stream).build());
    opened.add(input);
    List<Transaction> txs = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      txs.add(new Transaction("order-" + i, Map.of("n", i), Map.of("traceparent", TRACEPARENT)));
    }
    txs.add(15, Transaction.of("poison", Map.of("n", -1)));
    input.dispatchTransactions(txs);
    AtomicInteger poisonAttempts = new AtomicInteger();
    Set<String> seen = ConcurrentHashMap.newKeySet();
    Set<String> traced = ConcurrentHashMap.newKeySet();

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
                          if (TRACEPARENT.equals(tx.metadata().get("traceparent"))) {
                            traced.add(tx.id());
                          }
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
    assertThat(traced).hasSize(30);
    List<Map<String, String>> dead = redis.bodies(stream + ".dead");
    assertThat(dead).hasSize(1);
    assertThat(dead.get(0))
        .containsEntry("id", "poison")
        .containsEntry("ergon.attempts", "3")
        .containsEntry("ergon.delivery_count", "1");
    assertThat(dead.get(0)).containsEntry("ergon.error_category", "SYSTEM");
    assertThat(dead.get(0).get("ergon.error_message")).contains("cannot digest");
    assertThat(redis.pending(stream)).isZero();
    RedisConnector after = new RedisConnector(TestRedis.settings(stream).build());
    opened.add(after);
    assertThat(after.countTransactions()).isZero();
  }

  /** A typed payload. */
  record Order(int n) {}
}
