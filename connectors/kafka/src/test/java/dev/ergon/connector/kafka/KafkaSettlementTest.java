package dev.ergon.connector.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.ergon.connector.Rejection;
import dev.ergon.transaction.Transaction;
import dev.ergon.transaction.TransactionException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Dead letters with their headers, undecodable records, producer failures, resolve by position. */
class KafkaSettlementTest {
  private static final String TRACEPARENT =
      "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
  private final String topic = Broker.unique("settle");
  private final List<KafkaConnector> opened = new ArrayList<>();

  @AfterEach
  void cleanUp() {
    opened.forEach(KafkaConnector::close);
    Broker.deleteTopics(topic, topic + ".dlt");
  }

  private KafkaConnector connector() throws Exception {
    KafkaConnector c =
        new KafkaConnector(
            KafkaSettings.builder()
                .bootstrapServers(Broker.bootstrap())
                .topics(topic)
                .group(topic + "_g")
                .clientId("settle-" + opened.size())
                .build());
    opened.add(c);
    Broker.ensureTopic(topic, 1);
    assertThat(c.awaitAssignment(Duration.ofSeconds(30))).isTrue();
    return c;
  }

  private static List<Transaction> fetch(KafkaConnector c, int n) {
    List<Transaction> got = new ArrayList<>();
    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () -> {
              got.addAll(c.fetchTransactions(n - got.size()));
              return got.size() >= n;
            });
    return got;
  }

  @Test
  void aDeadLetterCarriesTheRecordAndWhereItCameFromAndWhyAndTheRestFlows() throws Exception {
    KafkaConnector c = connector();
    c.dispatchTransactions(
        List.of(
            new Transaction(
                "poison-1", Map.of("n", 1), Map.of("traceparent", TRACEPARENT, "kafka.key", "k1")),
            new Transaction("fine-2", Map.of("n", 2), Map.of())));
    List<Transaction> got = fetch(c, 2);
    Transaction poison =
        got.stream().filter(t -> t.id().equals("poison-1")).findFirst().orElseThrow();
    Transaction fine = got.stream().filter(t -> t.id().equals("fine-2")).findFirst().orElseThrow();
    Rejection why =
        new Rejection(
            new TransactionException(
                "cannot digest", TransactionException.Category.BUSINESS, "poison-1", null),
            new IllegalStateException("handler gave up"),
            2);

    c.reject(poison, false, why);
    c.acknowledge(fine);

    List<ConsumerRecord<byte[], byte[]>> dead = Broker.records(topic + ".dlt");
    assertThat(dead).hasSize(1);
    ConsumerRecord<byte[], byte[]> d = dead.get(0);
    assertThat(new String(d.key(), java.nio.charset.StandardCharsets.UTF_8)).isEqualTo("k1");
    assertThat(new String(d.value(), java.nio.charset.StandardCharsets.UTF_8))
        .isEqualTo("{\"n\":1}");
    assertThat(Broker.header(d, "Ergon-Transaction-Id")).isEqualTo("poison-1");
    assertThat(Broker.header(d, "Ergon-Original-Topic")).isEqualTo(topic);
    assertThat(Broker.header(d, "Ergon-Original-Partition")).isEqualTo("0");
    assertThat(Broker.header(d, "Ergon-Original-Offset"))
        .isEqualTo(poison.metadata().get("kafka.offset"));
    assertThat(Broker.header(d, "Ergon-Attempts")).isEqualTo("3");
    assertThat(Broker.header(d, "Ergon-Error-Category")).isEqualTo("BUSINESS");
    assertThat(Broker.header(d, "Ergon-Error-Message")).contains("cannot digest");
    assertThat(Broker.header(d, "traceparent")).isEqualTo(TRACEPARENT);
    assertThat(Broker.header(d, "Ergon-Dead-Lettered-At")).isNotBlank();
    // both are settled: the commit passes them
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> Broker.committed(topic + "_g", topic).getOrDefault(0, -1L) == 2L);
  }

  @Test
  void aRecordThatIsNotJsonIsDeadLetteredAtOnceNamingItAndNeverHandedOut() throws Exception {
    KafkaConnector c = connector();
    try (Records r = new Records()) {
      r.send(topic, 0, null, "not json {");
      r.send(topic, 0, null, "{\"n\":2}");
      r.flush();
    }
    List<Transaction> got = fetch(c, 1);
    assertThat(got).extracting(t -> t.metadata().get("kafka.offset")).containsExactly("1");
    c.acknowledge(got.get(0));
    await().atMost(Duration.ofSeconds(10)).until(() -> Broker.records(topic + ".dlt").size() == 1);
    ConsumerRecord<byte[], byte[]> d = Broker.records(topic + ".dlt").get(0);
    assertThat(Broker.header(d, "Ergon-Error-Category")).isEqualTo("undecodable");
    assertThat(Broker.header(d, "Ergon-Error-Message"))
        .contains(topic + "/0/0")
        .contains("not a JSON");
    assertThat(Broker.header(d, "Ergon-Transaction-Id")).isEqualTo(topic + "/0/0");
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> Broker.committed(topic + "_g", topic).getOrDefault(0, -1L) == 2L);
    assertThat(c.health()).containsEntry("dead_lettered", 1L);
  }

  @Test
  void aDispatchThatFailsForOneRecordNamesItAndTheOthersAreWritten() throws Exception {
    KafkaConnector c = connector();
    String huge = "x".repeat(2 * 1024 * 1024);
    assertThatThrownBy(
            () ->
                c.dispatchTransactions(
                    List.of(
                        Transaction.of("small-1", Map.of("n", 1)),
                        Transaction.of("huge-2", Map.of("blob", huge)),
                        Transaction.of("small-3", Map.of("n", 3)))))
        .isInstanceOf(KafkaConnectorException.class)
        .hasMessageContaining("1 of 3")
        .hasMessageContaining("huge-2")
        .hasMessageContaining("RecordTooLargeException")
        .hasMessageNotContaining("small-1")
        .hasMessageNotContaining("small-3");
    assertThat(fetch(c, 2))
        .extracting(Transaction::id)
        .containsExactlyInAnyOrder("small-1", "small-3");
  }

  @Test
  void aDispatchToABrokerThatIsNotThereFailsNamingEveryTransaction() {
    KafkaConnector c =
        new KafkaConnector(
            KafkaSettings.builder()
                .bootstrapServers("127.0.0.1:1")
                .produceTopic(topic)
                .settleTimeout(Duration.ofSeconds(1))
                .build());
    opened.add(c);
    assertThatThrownBy(
            () ->
                c.dispatchTransactions(
                    List.of(
                        Transaction.of("a-1", Map.of("n", 1)),
                        Transaction.of("a-2", Map.of("n", 2)))))
        .isInstanceOf(KafkaConnectorException.class)
        .hasMessageContaining("2 of 2")
        .hasMessageContaining("a-1")
        .hasMessageContaining("a-2");
  }

  @Test
  void aTopicPatternConsumesEveryMatchingTopic() throws Exception {
    String a = topic + "-a";
    String b = topic + "-b";
    Broker.createTopic(a, 1);
    Broker.createTopic(b, 1);
    try (Records r = new Records()) {
      r.send(a, 0, null, "{\"from\":\"a\"}");
      r.send(b, 0, null, "{\"from\":\"b\"}");
      r.send(topic + "-a.dlt", 0, null, "{\"from\":\"dead\"}");
      r.flush();
    }
    KafkaConnector c =
        new KafkaConnector(
            KafkaSettings.builder()
                .bootstrapServers(Broker.bootstrap())
                .topicPattern(java.util.regex.Pattern.quote(topic) + "-[ab]")
                .group(topic + "_pattern")
                .clientId("pattern")
                .build());
    opened.add(c);
    try {
      List<Transaction> got = fetch(c, 2);
      assertThat(got)
          .extracting(t -> t.metadata().get("kafka.topic"))
          .containsExactlyInAnyOrder(a, b);
      assertThat(c.fetchTransactions(5)).isEmpty();
    } finally {
      c.close(); // before the topics go, or its last commit waits for them
      Broker.deleteTopics(a, b, topic + "-a.dlt");
    }
  }

  @Test
  void aRecordIsResolvedByItsPositionAndAnUnknownPositionIsEmpty() throws Exception {
    KafkaConnector c = connector();
    c.dispatchTransactions(
        List.of(Transaction.of("r-0", Map.of("n", 0)), Transaction.of("r-1", Map.of("n", 1))));
    await().atMost(Duration.ofSeconds(10)).until(() -> c.countTransactions() == 2);
    assertThat(c.resolveTransaction(topic + "/0/1"))
        .map(t -> t.payload(Map.class))
        .contains(Map.of("n", 1));
    assertThat(c.resolveTransaction(topic + "/0/7")).isEmpty();
    assertThat(c.resolveTransaction("other-topic/0/0")).isEmpty();
  }

  @Test
  void aRequeuedRecordIsHandedOutAgainWithItsDeliveryCountAndTheCommitWaitsForIt()
      throws Exception {
    KafkaConnector c = connector();
    c.dispatchTransactions(
        List.of(Transaction.of("q-0", Map.of("n", 0)), Transaction.of("q-1", Map.of("n", 1))));
    List<Transaction> got = fetch(c, 2);
    Transaction q0 = got.stream().filter(t -> t.id().equals("q-0")).findFirst().orElseThrow();
    c.acknowledge(got.stream().filter(t -> t.id().equals("q-1")).findFirst().orElseThrow());
    c.reject(q0, true);
    Transaction again = fetch(c, 1).get(0);
    assertThat(again.id()).isEqualTo("q-0");
    assertThat(again.metadata()).containsEntry("kafka.delivery", "2");
    await()
        .during(Duration.ofMillis(300))
        .atMost(Duration.ofSeconds(5))
        .until(() -> Broker.committed(topic + "_g", topic).getOrDefault(0, 0L) == 0L);
    c.acknowledge(again);
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> Broker.committed(topic + "_g", topic).getOrDefault(0, -1L) == 2L);
  }
}
