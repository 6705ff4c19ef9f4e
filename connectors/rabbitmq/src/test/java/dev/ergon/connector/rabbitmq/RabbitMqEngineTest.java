package dev.ergon.connector.rabbitmq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ergon.connector.ConnectionLostException;
import dev.ergon.engine.Outcome;
import dev.ergon.engine.Outcome.Disposition;
import dev.ergon.engine.Worker;
import dev.ergon.engine.WorkerOptions;
import dev.ergon.policy.ConsumerPolicy;
import dev.ergon.policy.RetryPolicy;
import dev.ergon.task.TaskConfig;
import dev.ergon.test.HarnessRun;
import dev.ergon.test.TaskHarness;
import dev.ergon.transaction.PayloadConversionException;
import dev.ergon.transaction.Transaction;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The connector under the real engine: settlement, dead-lettering, prefetch, dead channels. */
class RabbitMqEngineTest {
  private final String queue = Broker.uniqueName("ergon_engine");
  private final String name = "ergon-test-" + queue;
  private final List<RabbitMqConnector> opened = new ArrayList<>();
  private Broker broker;

  @BeforeEach
  void connect() throws Exception {
    broker = new Broker();
    broker.declareDeadLetterTopology(queue);
  }

  @AfterEach
  void cleanUp() throws Exception {
    opened.forEach(RabbitMqConnector::close);
    broker.deleteQueues(queue, queue + ".dead");
    broker.deleteExchange(queue + ".dlx");
    broker.close();
  }

  private RabbitMqConnector connector() {
    RabbitMqConnector c =
        new RabbitMqConnector(
            Broker.client(name),
            RabbitMqConsumerConfig.builder()
                .queue(queue)
                .queueArgument("x-dead-letter-exchange", queue + ".dlx")
                .pollTimeout(Duration.ofMillis(300))
                .build(),
            RabbitMqProducerConfig.toQueue(queue));
    opened.add(c);
    return c;
  }

  private static List<Transaction> orders(int n) {
    List<Transaction> txs = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      txs.add(Transaction.of("order-" + i, Map.of("n", i)));
    }
    return txs;
  }

  @Test
  void aPoisonMessageIsDeadLetteredAfterItsAttemptsWhileTheOthersFlow() throws Exception {
    RabbitMqConnector input = connector();
    List<Transaction> txs = new ArrayList<>(orders(20));
    txs.add(10, Transaction.of("poison", Map.of("n", -1)));
    input.dispatchTransactions(txs);
    AtomicInteger poisonAttempts = new AtomicInteger();

    HarnessRun run =
        TaskHarness.of(
                () ->
                    new FnConsumer(
                        tx -> {
                          if (tx.id().equals("poison")) {
                            poisonAttempts.incrementAndGet();
                            throw new IllegalStateException("cannot digest");
                          }
                          return "ok";
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
    assertThat(run.outcome("poison")).isInstanceOf(Outcome.FailedUnhandled.class);
    assertThat(((Outcome.FailedUnhandled) run.outcome("poison")).disposition())
        .isEqualTo(Disposition.DEAD_LETTERED);
    assertThat(run.count(Outcome.Kind.SUCCEEDED)).isEqualTo(20);
    assertThat(broker.peekIds(queue + ".dead")).containsExactly("poison");
    assertThat(broker.ready(queue)).isZero();
  }

  @Test
  void thePrefetchDefaultsToTheLoopConcurrency() throws Exception {
    RabbitMqConnector input = connector();
    input.dispatchTransactions(orders(3));
    AtomicReference<List<Integer>> seenByBroker = new AtomicReference<>();
    AtomicReference<Object> seenByHealth = new AtomicReference<>();

    TaskHarness.of(
            () ->
                new FnConsumer(
                    tx -> {
                      if (seenByBroker.get() == null) {
                        seenByBroker.set(Broker.consumerPrefetches(queue));
                        seenByHealth.set(input.health().get("prefetch_per_consumer"));
                      }
                      return "ok";
                    },
                    false))
        .connector("input", input)
        .policy(ConsumerPolicy.builder("consumer").concurrency(7).batchSize(7).build())
        .run();

    assertThat(seenByBroker.get()).containsExactly(7);
    assertThat(seenByHealth.get()).isEqualTo(7);
    assertThat(input.configuredPrefetch()).isEmpty();
  }

  @Test
  void anAcknowledgementOnADeadChannelEndsAsRedeliverAndTheMessageComesBack() throws Exception {
    RabbitMqConnector input = connector();
    input.dispatchTransactions(List.of(Transaction.of("fragile", Map.of("n", 1))));
    List<Outcome> outcomes = new CopyOnWriteArrayList<>();
    List<String> redeliveredFlags = new CopyOnWriteArrayList<>();
    TaskConfig config =
        TaskConfig.builder("dead-channel")
            .task(
                () ->
                    new FnConsumer(
                        tx -> {
                          redeliveredFlags.add(tx.metadata().get("rabbitmq.redelivered"));
                          if (redeliveredFlags.size() == 1) {
                            assertThat(Broker.closeConnections(name)).isEqualTo(1);
                            await()
                                .atMost(Duration.ofSeconds(30))
                                .until(() -> input.health().get("connection_open").equals(false));
                          }
                          return "ok";
                        },
                        false))
            .connector("input", () -> input)
            .policy(ConsumerPolicy.builder("consumer").streaming(true).limit(2).build())
            .build();

    try (Worker worker =
        Worker.start(
            config, WorkerOptions.defaults().withOutcomeListener((tx, o) -> outcomes.add(o)))) {
      worker.execute();
    }

    assertThat(outcomes).hasSize(2);
    assertThat(outcomes.get(0)).isInstanceOf(Outcome.Redeliver.class);
    assertThat(((Outcome.Redeliver) outcomes.get(0)).cause())
        .hasRootCauseInstanceOf(ConnectionLostException.class)
        .rootCause()
        .hasMessageContaining("'fragile'")
        .hasMessageContaining("queue '" + queue + "'")
        .hasMessageContaining("delivery tag 1");
    assertThat(outcomes.get(1))
        .isEqualTo(new Outcome.Succeeded("fragile", 0, Disposition.ACKNOWLEDGED));
    assertThat(redeliveredFlags).containsExactly("false", "true");
    assertThat(input.health()).containsEntry("recoveries", 1).containsEntry("reconnects", 1);
    assertThat(broker.ready(queue)).isZero();
  }

  @Test
  void aBodyThatIsNotJsonFailsTheTypedPayloadClearlyAndTheLoopGoesOn() throws Exception {
    RabbitMqConnector input = connector();
    input.dispatchTransactions(
        List.of(
            Transaction.of("garbled", "{not json".getBytes()),
            Transaction.of("fine", Map.of("n", 2))));
    List<Throwable> errors = new CopyOnWriteArrayList<>();

    HarnessRun run =
        TaskHarness.of(
                () ->
                    new FnConsumer(
                        tx -> {
                          try {
                            return String.valueOf(tx.payload(Order.class).n());
                          } catch (PayloadConversionException e) {
                            errors.add(e);
                            throw e;
                          }
                        },
                        false))
            .connector("input", input)
            .policy(ConsumerPolicy.builder("consumer").build())
            .run();

    assertThat(run.outcome("garbled")).isInstanceOf(Outcome.FailedHandled.class);
    assertThat(run.outcome("fine")).isInstanceOf(Outcome.Succeeded.class);
    assertThat(errors).singleElement().asString().contains("garbled").contains("Order");
    assertThat(broker.ready(queue)).isZero();
  }

  /** A typed payload. */
  record Order(int n) {}
}
