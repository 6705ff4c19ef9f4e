package dev.ergon.connector.rabbitmq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ergon.transaction.Transaction;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Dispatches from many threads share the producer's confirming channel: each returns once the
 * broker confirmed its own messages, and a message the broker cannot route fails its own dispatch
 * only.
 */
class RabbitMqPublishTest {
  private final String queue = Broker.uniqueName("ergon_pub");
  private final String exchange = queue + ".hx";
  private Broker broker;
  private RabbitMqConnector producer;

  @BeforeEach
  void setUp() throws Exception {
    broker = new Broker();
    broker.declareHeadersRoute(exchange, queue);
    producer =
        RabbitMqConnector.producer(
            Broker.client("pub"),
            RabbitMqProducerConfig.builder().exchange(exchange).exchangeType("headers").build());
  }

  @AfterEach
  void cleanUp() throws Exception {
    producer.close();
    broker.deleteQueues(queue);
    broker.deleteExchange(exchange);
    broker.close();
  }

  @Test
  void concurrentDispatchesEachReturnOnceTheBrokerHasConfirmedTheirMessages() throws Exception {
    int threads = 16;
    int perThread = 40;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int thread = t;
        done.add(
            pool.submit(
                () -> {
                  for (int i = 0; i < perThread; i++) {
                    producer.dispatchTransactions(
                        List.of(
                            new Transaction(
                                "m-" + thread + "-" + i, Map.of("i", i), Map.of("route", "yes"))));
                  }
                  return null;
                }));
      }
      for (Future<?> f : done) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }

    // every dispatch returned after its confirm, so every message is in the queue now
    List<String> ids = broker.peekIds(queue);
    assertThat(ids).hasSize(threads * perThread).doesNotHaveDuplicates();
  }

  @Test
  void anUnroutableMessageFailsItsOwnDispatchWhileTheOthersOnTheChannelSucceed() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<?>> good = new ArrayList<>();
      for (int t = 0; t < 8; t++) {
        int thread = t;
        good.add(
            pool.submit(
                () -> {
                  for (int i = 0; i < 25; i++) {
                    producer.dispatchTransactions(
                        List.of(
                            new Transaction(
                                "ok-" + thread + "-" + i, Map.of("i", i), Map.of("route", "yes"))));
                  }
                  return null;
                }));
      }
      Future<?> bad =
          pool.submit(
              () -> {
                producer.dispatchTransactions(
                    List.of(
                        new Transaction("fine", 1, Map.of("route", "yes")),
                        new Transaction("nowhere", 2, Map.of("route", "no"))));
                return null;
              });

      assertThatThrownBy(bad::get)
          .hasCauseInstanceOf(RabbitMqException.class)
          .cause()
          .hasMessageContaining("1 message(s) reached no queue")
          .hasMessageContaining("'nowhere'")
          .hasMessageContaining("publishing 2 transaction(s)");
      for (Future<?> f : good) {
        f.get(); // none of them failed
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(broker.peekIds(queue))
        .hasSize(8 * 25 + 1)
        .contains("fine")
        .doesNotContain("nowhere");
  }
}
