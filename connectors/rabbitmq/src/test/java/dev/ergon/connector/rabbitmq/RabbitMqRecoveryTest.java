package dev.ergon.connector.rabbitmq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ergon.engine.Outcome;
import dev.ergon.engine.Worker;
import dev.ergon.engine.WorkerOptions;
import dev.ergon.engine.WorkerResult;
import dev.ergon.policy.ConsumerPolicy;
import dev.ergon.policy.LoopMode;
import dev.ergon.task.TaskConfig;
import dev.ergon.transaction.Transaction;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A streaming worker loses its connection mid-run (closed from the broker side) and resumes by
 * itself: nothing is lost, and afterwards the queue has exactly one consumer.
 */
class RabbitMqRecoveryTest {
  private static final int TOTAL = 2_000;

  private final String queue = Broker.uniqueName("ergon_recovery");
  private final String name = "ergon-test-" + queue;
  private Broker broker;

  @BeforeEach
  void connect() throws Exception {
    broker = new Broker();
  }

  @AfterEach
  void cleanUp() throws Exception {
    broker.deleteQueues(queue);
    broker.close();
  }

  @Test
  void consumptionResumesByItselfAfterTheBrokerClosesTheConnectionAndNothingIsLost()
      throws Exception {
    RabbitMqConnector input =
        new RabbitMqConnector(
            Broker.client(name),
            RabbitMqConsumerConfig.builder()
                .queue(queue)
                .pollTimeout(Duration.ofMillis(200))
                .build(),
            RabbitMqProducerConfig.toQueue(queue));
    List<Transaction> txs = new ArrayList<>();
    for (int i = 0; i < TOTAL; i++) {
      txs.add(Transaction.of("r-" + i, Map.of("n", i)));
    }
    input.dispatchTransactions(txs);

    Set<String> processed = ConcurrentHashMap.newKeySet();
    AtomicInteger calls = new AtomicInteger();
    CountDownLatch connectionKilled = new CountDownLatch(1);
    AtomicInteger redelivers = new AtomicInteger();
    TaskConfig config =
        TaskConfig.builder("recovery")
            .task(
                () ->
                    new FnConsumer(
                        tx -> {
                          if (calls.incrementAndGet() >= TOTAL / 4) {
                            connectionKilled.await(); // hold in-flight work until the kill
                          }
                          processed.add(tx.id());
                          return "ok";
                        },
                        false))
            .connector("input", () -> input)
            .policy(
                ConsumerPolicy.builder("consumer")
                    .mode(LoopMode.CONTINUOUS)
                    .concurrency(20)
                    .batchSize(20)
                    .streaming(true)
                    .emptyQueueBackoff(Duration.ofMillis(50), 1.0, null)
                    .build())
            .build();
    WorkerOptions options =
        WorkerOptions.defaults()
            .withOutcomeListener(
                (tx, o) -> {
                  if (o instanceof Outcome.Redeliver) {
                    redelivers.incrementAndGet();
                  }
                });

    try (Worker worker = Worker.start(config, options)) {
      CompletableFuture<WorkerResult> run = CompletableFuture.supplyAsync(worker::execute);
      await().atMost(Duration.ofSeconds(60)).until(() -> calls.get() >= TOTAL / 4);

      assertThat(Broker.closeConnections(name)).isEqualTo(1);
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> input.health().get("connection_open").equals(false));
      connectionKilled.countDown();

      await().atMost(Duration.ofSeconds(90)).until(() -> processed.size() == TOTAL);
      await()
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(() -> assertThat(Broker.consumerPrefetches(queue)).containsExactly(20));
      assertThat(Broker.channelsOf(name)).isEqualTo(1);
      assertThat(input.health())
          .containsEntry("recoveries", 1)
          .containsEntry("reconnects", 1)
          .containsEntry("consumer_registered", true);
      assertThat(redelivers.get()).isBetween(1, 20);

      worker.stop();
      run.get();
    }
    assertThat(broker.ready(queue)).isZero();
  }
}
