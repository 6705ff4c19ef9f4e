package dev.ergon.connector.nats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ergon.engine.Outcome;
import dev.ergon.engine.Outcome.Disposition;
import dev.ergon.policy.ConsumerPolicy;
import dev.ergon.policy.RetryPolicy;
import dev.ergon.test.HarnessRun;
import dev.ergon.test.TaskHarness;
import dev.ergon.transaction.Transaction;
import io.nats.client.impl.Headers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The connector under the real engine at concurrency 4: flow, dead-lettering, long work. */
class NatsEngineTest {
  private final String stream = Js.unique("ergon_engine");
  private final List<NatsConnector> opened = new ArrayList<>();
  private Js js;

  @BeforeEach
  void connect() throws Exception {
    js = new Js();
  }

  @AfterEach
  void cleanUp() throws Exception {
    opened.forEach(NatsConnector::close);
    js.deleteStream(stream);
    js.close();
  }

  private NatsConnector connector(NatsSettings.Builder b) {
    NatsConnector c = new NatsConnector(b.build());
    opened.add(c);
    return c;
  }

  @Test
  void ordersFlowAtConcurrencyFourAndAPoisonIsDeadLetteredAfterItsAttempts() throws Exception {
    NatsConnector input = connector(Js.settings(stream));
    List<Transaction> txs = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      txs.add(
          new Transaction(
              "order-" + i,
              Map.of("n", i),
              Map.of("traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01")));
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
    assertThat(js.deadIds(stream, stream + ".in.dead")).containsExactly("poison");
    // the dead letter carries the engine's reason
    Headers why = js.messages(stream, stream + ".in.dead").get(0).getHeaders();
    assertThat(why.getFirst("Ergon-Error-Category")).isEqualTo("system");
    assertThat(why.getFirst("Ergon-Error-Message")).contains("cannot digest");
    assertThat(why.getFirst("Ergon-Attempts")).isEqualTo("3");
    assertThat(why.getFirst("Ergon-Handler-Error")).contains("cannot digest");
    await().atMost(Duration.ofSeconds(10)).until(() -> js.unsettled(stream, stream + "_w") == 0);
    assertThat(js.maxAckPending(stream, stream + "_w")).isEqualTo(4);
  }

  @Test
  void longTransactionsUnderTheEngineAreProcessedOnce() throws Exception {
    NatsConnector input = connector(Js.settings(stream).ackWait(Duration.ofSeconds(2)));
    NatsConnector rival = connector(Js.settings(stream).ackWait(Duration.ofSeconds(2)));
    List<Transaction> txs = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      txs.add(Transaction.of("slow-" + i, Map.of("n", i)));
    }
    input.dispatchTransactions(txs);
    List<Transaction> stolen = new ArrayList<>();
    AtomicInteger runs = new AtomicInteger();

    HarnessRun run =
        TaskHarness.of(
                () ->
                    new FnConsumer(
                        tx -> {
                          runs.incrementAndGet();
                          // 6 s of work (three ack waits), while a rival consumer polls
                          await()
                              .during(Duration.ofSeconds(6))
                              .atMost(Duration.ofSeconds(30))
                              .until(
                                  () -> {
                                    synchronized (stolen) {
                                      stolen.addAll(rival.fetchTransactions(4));
                                      return stolen.isEmpty();
                                    }
                                  });
                          return "done";
                        },
                        false))
            .connector("input", input)
            .policy(ConsumerPolicy.builder("consumer").concurrency(4).batchSize(4).build())
            .run();

    assertThat(run.count(Outcome.Kind.SUCCEEDED)).isEqualTo(4);
    assertThat(runs).hasValue(4);
    assertThat(stolen).isEmpty();
    assertThat(js.unsettled(stream, stream + "_w")).isZero();
  }

  /** A typed payload. */
  record Order(int n) {}
}
