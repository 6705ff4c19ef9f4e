package dev.ergon.connector.rabbitmq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.rabbitmq.client.AMQP;
import dev.ergon.connector.UnsupportedCapabilityException;
import dev.ergon.transaction.PayloadConversionException;
import dev.ergon.transaction.Transaction;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Fetching, message mapping and the long-lived consumer, against the local broker. */
class RabbitMqConsumingTest {
  private final String queue = Broker.uniqueName("ergon_consume");
  private final String name = "ergon-test-" + queue;
  private final List<RabbitMqConnector> opened = new ArrayList<>();
  private Broker broker;

  @BeforeEach
  void connect() throws Exception {
    broker = new Broker();
  }

  @AfterEach
  void cleanUp() throws Exception {
    opened.forEach(RabbitMqConnector::close);
    broker.deleteQueues(queue, queue + "_b");
    broker.deleteExchange(queue + ".topic");
    broker.close();
  }

  private RabbitMqConnector connector(Duration pollTimeout) {
    RabbitMqConnector c =
        new RabbitMqConnector(
            Broker.client(name),
            RabbitMqConsumerConfig.builder().queue(queue).pollTimeout(pollTimeout).build(),
            RabbitMqProducerConfig.toQueue(queue));
    opened.add(c);
    return c;
  }

  @Test
  void theFirstDeliveryIsReturnedWithoutWaitingForTheBatchToFill() throws Exception {
    RabbitMqConnector c = connector(Duration.ofSeconds(20));
    c.dispatchTransactions(List.of(Transaction.of("only-one", Map.of("n", 1))));

    long start = System.nanoTime();
    List<Transaction> got = c.fetchTransactions(100);

    assertThat(got).extracting(Transaction::id).containsExactly("only-one");
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    c.acknowledge(got.get(0));
  }

  @Test
  void anEmptyQueueYieldsAnEmptyFetchAfterThePollTimeout() throws Exception {
    RabbitMqConnector c = connector(Duration.ofMillis(300));

    long start = System.nanoTime();
    assertThat(c.fetchTransactions(10)).isEmpty();

    assertThat(Duration.ofNanos(System.nanoTime() - start))
        .isBetween(Duration.ofMillis(250), Duration.ofSeconds(10));
  }

  @Test
  void oneConsumerIsRegisteredOnceAcrossManyFetchesAndNoChannelIsLeaked() throws Exception {
    RabbitMqConnector c = connector(Duration.ofMillis(5));
    for (int i = 0; i < 100; i++) {
      c.fetchTransactions(5);
    }

    assertThat(Broker.consumerPrefetches(queue)).hasSize(1);
    assertThat(Broker.channelsOf(name)).isEqualTo(1);
    assertThat(c.health())
        .containsEntry("consumer_registered", true)
        .containsEntry("consume_epoch", 1L)
        .containsEntry("recoveries", 0);
  }

  @Test
  void headersAndPropertiesBecomeMetadataAndTraceContextTravelsBothWays() throws Exception {
    RabbitMqConnector c = connector(Duration.ofSeconds(5));
    Map<String, Object> headers =
        Map.of(
            "traceparent",
            "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
            "tracestate",
            "vendor=x",
            "attempt",
            3);
    broker.publish(
        queue,
        new AMQP.BasicProperties.Builder()
            .messageId("m-1")
            .correlationId("corr-9")
            .contentType("application/json")
            .headers(headers)
            .build(),
        "{\"n\":1}");

    Transaction tx = c.fetchTransactions(1).get(0);

    assertThat(tx.id()).isEqualTo("m-1");
    Object payload = tx.payload(Map.class);
    assertThat(payload).isEqualTo(Map.of("n", 1));
    assertThat(tx.metadata())
        .containsEntry("traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01")
        .containsEntry("tracestate", "vendor=x")
        .containsEntry("attempt", "3")
        .containsEntry("rabbitmq.correlation_id", "corr-9")
        .containsEntry("rabbitmq.routing_key", queue)
        .containsEntry("rabbitmq.exchange", "")
        .containsEntry("rabbitmq.queue", queue)
        .containsEntry("rabbitmq.redelivered", "false")
        .containsEntry("rabbitmq.content_type", "application/json");
    assertThat(tx.metadata().keySet()).noneMatch(k -> k.contains("delivery_tag"));

    c.reject(tx, true);
    Transaction again = c.fetchTransactions(1).get(0);
    assertThat(again.metadata()).containsEntry("rabbitmq.redelivered", "true");
    c.acknowledge(again);
  }

  @Test
  void aMessageWithoutIdGetsAUniqueFallbackIdAndABodyThatIsNotJsonStaysRawBytes() throws Exception {
    RabbitMqConnector c = connector(Duration.ofSeconds(5));
    AMQP.BasicProperties noId = new AMQP.BasicProperties.Builder().build();
    broker.publish(queue, noId, "<order id=7/>");
    broker.publish(queue, noId, "<order id=8/>");

    List<Transaction> got = fetch(c, 2);

    assertThat(got)
        .extracting(Transaction::id)
        .doesNotHaveDuplicates()
        .allMatch(id -> id.startsWith(queue + ":"));
    assertThat(got.get(0).payload()).isEqualTo("<order id=7/>".getBytes());
    assertThatThrownBy(() -> got.get(0).payload(Map.class))
        .isInstanceOf(PayloadConversionException.class)
        .hasMessageContaining(got.get(0).id());
    for (Transaction tx : got) {
      c.acknowledge(tx);
    }
  }

  @Test
  void textContentBecomesAString() throws Exception {
    RabbitMqConnector c = connector(Duration.ofSeconds(5));
    broker.publish(
        queue,
        new AMQP.BasicProperties.Builder().messageId("t").contentType("text/plain").build(),
        "hello, Zoë");

    Transaction tx = c.fetchTransactions(1).get(0);

    assertThat(tx.payload()).isEqualTo("hello, Zoë");
    c.acknowledge(tx);
  }

  @Test
  void healthReportsConnectionConsumerBufferAndTimestamps() throws Exception {
    RabbitMqConnector c = connector(Duration.ofSeconds(5));
    c.onConcurrency(3);
    c.dispatchTransactions(List.of(Transaction.of("h-1", "x"), Transaction.of("h-2", "y")));
    List<Transaction> got = fetch(c, 1);
    await().atMost(Duration.ofSeconds(10)).until(() -> c.health().get("buffered").equals(1));
    c.acknowledge(got.get(0));

    Map<String, Object> h = c.health();
    assertThat(h)
        .containsEntry("state", "connected")
        .containsEntry("connection_open", true)
        .containsEntry("prefetch", 3)
        .containsEntry("prefetch_per_consumer", 3)
        .containsEntry("in_flight", 0)
        .containsKeys("last_fetch_at", "last_delivery_at", "last_ack_at");

    c.close();
    assertThat(c.health()).containsEntry("state", "closed").containsEntry("connection_open", false);
  }

  @Test
  void countIsTheReadyBacklogAndResolveByIdIsUnsupported() throws Exception {
    RabbitMqConnector c = connector(Duration.ofSeconds(5));
    c.dispatchTransactions(List.of(Transaction.of("c-1", 1), Transaction.of("c-2", 2)));

    await().atMost(Duration.ofSeconds(10)).until(() -> c.countTransactions() == 2);
    assertThatThrownBy(() -> c.resolveTransaction("c-1"))
        .isInstanceOf(UnsupportedCapabilityException.class)
        .hasMessageContaining("resolveTransaction");
  }

  @Test
  void settlingATransactionThisConnectorDoesNotHoldFailsClearly() {
    RabbitMqConnector c = connector(Duration.ofSeconds(5));

    assertThatThrownBy(() -> c.acknowledge(Transaction.of("stranger", 1)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("'stranger'")
        .hasMessageContaining("not in flight");
  }

  @Test
  void closeReleasesTheConnectionAndIsIdempotent() throws Exception {
    RabbitMqConnector c = connector(Duration.ofMillis(50));
    c.fetchTransactions(1);
    assertThat(Broker.channelsOf(name)).isEqualTo(1);

    c.close();
    c.close();

    assertThat(Broker.consumerPrefetches(queue)).isEmpty();
    assertThat(Broker.channelsOf(name)).isZero();
    assertThatThrownBy(() -> c.fetchTransactions(1)).hasMessageContaining("is closed");
  }

  @Test
  void severalSubscriptionsWithExchangeBindingsAreConsumedTogetherSharingThePrefetch()
      throws Exception {
    String exchange = queue + ".topic";
    RabbitMqConsumerConfig two =
        RabbitMqConsumerConfig.builder()
            .queue(queue)
            .subscription(
                RabbitMqSubscription.queue(queue + "_b")
                    .boundTo(exchange, "topic", List.of("order.*")))
            .prefetch(4)
            .build();
    RabbitMqConnector c =
        new RabbitMqConnector(
            Broker.client(name),
            two,
            RabbitMqProducerConfig.builder()
                .exchange(exchange)
                .routingKey("order.created")
                .build());
    opened.add(c);
    c.dispatchTransactions(List.of(Transaction.of("via-x-1", 1), Transaction.of("via-x-2", 2)));
    broker.publish(queue, new AMQP.BasicProperties.Builder().messageId("direct").build(), "3");

    List<Transaction> got = fetch(c, 3);

    assertThat(got)
        .extracting(Transaction::id)
        .containsExactlyInAnyOrder("via-x-1", "via-x-2", "direct");
    assertThat(got)
        .filteredOn(t -> t.id().startsWith("via-x"))
        .allSatisfy(
            t ->
                assertThat(t.metadata())
                    .containsEntry("rabbitmq.queue", queue + "_b")
                    .containsEntry("rabbitmq.exchange", exchange)
                    .containsEntry("rabbitmq.routing_key", "order.created"));
    assertThat(Broker.consumerPrefetches(queue)).containsExactly(2);
    assertThat(Broker.consumerPrefetches(queue + "_b")).containsExactly(2);
    for (Transaction tx : got) {
      c.acknowledge(tx);
    }
  }

  private static List<Transaction> fetch(RabbitMqConnector c, int n) {
    List<Transaction> got = new ArrayList<>();
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () -> {
              got.addAll(c.fetchTransactions(n - got.size()));
              return got.size() >= n;
            });
    return got;
  }
}
