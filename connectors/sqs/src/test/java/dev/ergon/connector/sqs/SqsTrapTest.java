package dev.ergon.connector.sqs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.ergon.transaction.Transaction;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.model.Message;

/** The SQS traps, against ElasticMQ in this JVM. */
class SqsTrapTest {
  private static ElasticMq sqs;

  @BeforeAll
  static void start() {
    sqs = new ElasticMq();
  }

  @AfterAll
  static void stop() {
    sqs.close();
  }

  @Test
  void aTransactionTakingThreeTimesTheVisibilityTimeoutIsProcessedOnce() throws Exception {
    String q = ElasticMq.name("heartbeat");
    sqs.create(q);
    SqsConfig config =
        sqs.base(q)
            .visibilityTimeout(Duration.ofSeconds(2))
            .waitTime(Duration.ofSeconds(1))
            .build();
    try (SqsConnector worker = new SqsConnector(config);
        SqsConnector other = new SqsConnector(config)) {
      worker.dispatchTransactions(List.of(Transaction.of("long-1", "work")));
      List<Transaction> got = new ArrayList<>();
      await().atMost(Duration.ofSeconds(20)).until(() -> got.addAll(worker.fetchTransactions(1)));
      long start = System.nanoTime();
      List<Transaction> duplicates = new CopyOnWriteArrayList<>();
      // 6 s of "work" (three visibility timeouts) while another consumer polls
      await()
          .atMost(Duration.ofSeconds(30))
          .until(
              () -> {
                duplicates.addAll(other.fetchTransactions(10));
                return System.nanoTime() - start > Duration.ofSeconds(6).toNanos();
              });
      assertThat(duplicates).isEmpty();
      worker.acknowledge(got.get(0));
      assertThat(other.fetchTransactions(10)).isEmpty();
      assertThat(other.fetchTransactions(10)).isEmpty();
    }
  }

  @Test
  void aFifoGroupIsProcessedInOrderUnderConcurrency() throws Exception {
    String q = ElasticMq.name("order") + ".fifo";
    sqs.create(q);
    SqsConfig config = sqs.base(q).groupIdKey("customer").build();
    int perGroup = 15;
    try (SqsConnector c = new SqsConnector(config)) {
      List<Transaction> sent = new ArrayList<>();
      for (int i = 0; i < perGroup; i++) {
        for (String g : List.of("a", "b")) {
          sent.add(new Transaction(g + "-" + i, Map.of("n", i), Map.of("customer", g)));
        }
      }
      c.dispatchTransactions(sent);
      Map<String, List<Integer>> seen = new ConcurrentHashMap<>();
      Map<String, AtomicInteger> active = new ConcurrentHashMap<>();
      AtomicInteger overlaps = new AtomicInteger();
      AtomicInteger done = new AtomicInteger();
      ExecutorService pool = Executors.newFixedThreadPool(4);
      try {
        await()
            .atMost(Duration.ofSeconds(60))
            .until(
                () -> {
                  for (Transaction tx : c.fetchTransactions(8)) {
                    pool.execute(
                        () -> {
                          String g = tx.metadata().get("customer");
                          if (active.computeIfAbsent(g, k -> new AtomicInteger()).incrementAndGet()
                              > 1) {
                            overlaps.incrementAndGet();
                          }
                          seen.computeIfAbsent(
                                  g, k -> Collections.synchronizedList(new ArrayList<>()))
                              .add(((Number) tx.payload(Map.class).get("n")).intValue());
                          active.get(g).decrementAndGet();
                          try {
                            c.acknowledge(tx);
                          } catch (Exception e) {
                            throw new IllegalStateException(e);
                          }
                          done.incrementAndGet();
                        });
                  }
                  return done.get() == 2 * perGroup;
                });
      } finally {
        pool.shutdown();
      }
      List<Integer> expected = new ArrayList<>();
      for (int i = 0; i < perGroup; i++) {
        expected.add(i);
      }
      assertThat(seen.get("a")).containsExactlyElementsOf(expected);
      assertThat(seen.get("b")).containsExactlyElementsOf(expected);
      assertThat(overlaps.get()).isZero();
    }
  }

  @Test
  void aReleasedMessageComesBackAndPoisonGoesToTheDeadLetterQueueWithAttributes() throws Exception {
    String q = ElasticMq.name("dlq");
    sqs.create(q);
    String dlq = sqs.create(q + "-dead");
    try (SqsConnector c = new SqsConnector(sqs.base(q).deadLetterQueueUrl(dlq).build())) {
      c.dispatchTransactions(List.of(Transaction.of("poison-1", "{not json")));
      List<Transaction> got = new ArrayList<>();
      await().atMost(Duration.ofSeconds(20)).until(() -> got.addAll(c.fetchTransactions(1)));
      c.reject(got.get(0), true);
      List<Transaction> again = new ArrayList<>();
      await().atMost(Duration.ofSeconds(20)).until(() -> again.addAll(c.fetchTransactions(1)));
      assertThat(again.get(0).id()).isEqualTo("poison-1");
      assertThat(again.get(0).metadata()).containsEntry("sqs.receiveCount", "2");
      c.reject(again.get(0), false);
      List<Message> dead = new ArrayList<>();
      await()
          .atMost(Duration.ofSeconds(20))
          .until(
              () ->
                  dead.addAll(
                      sqs.admin
                          .client()
                          .receiveMessage(
                              b -> b.queueUrl(dlq).waitTimeSeconds(1).messageAttributeNames("All"))
                          .messages()));
      Message m = dead.get(0);
      assertThat(m.body()).isEqualTo("{not json");
      assertThat(m.messageAttributes().get(SqsConnector.ID_ATTRIBUTE).stringValue())
          .isEqualTo("poison-1");
      assertThat(m.messageAttributes().get(SqsConnector.DLQ_RECEIVE_COUNT).stringValue())
          .isEqualTo("2");
      assertThat(m.messageAttributes().get(SqsConnector.DLQ_MESSAGE_ID).stringValue())
          .isEqualTo(again.get(0).metadata().get("sqs.messageId"));
      assertThat(m.messageAttributes()).containsKey(SqsConnector.DLQ_ERROR);
      assertThat(c.fetchTransactions(10)).isEmpty();
    }
  }

  @Test
  void aBatchSendFailureNamesTheFailedTransactionsAndSendsTheOthers() throws Exception {
    String q = ElasticMq.name("batch");
    sqs.create(q);
    try (SqsConnector c = new SqsConnector(sqs.base(q).build())) {
      List<Transaction> batch =
          List.of(
              Transaction.of("ok-1", "a"),
              Transaction.of("too-big", "x".repeat(300_000)),
              new Transaction("bad-key", "b", Map.of("no spaces allowed", "v")),
              Transaction.of("ok-2", "c"));
      assertThatThrownBy(() -> c.dispatchTransactions(batch))
          .isInstanceOfSatisfying(
              SqsConnectorException.class,
              e -> assertThat(e.transactionIds()).containsExactly("too-big", "bad-key"))
          .hasMessageContaining("2 of 4")
          .hasMessageContaining("too-big")
          .hasMessageContaining("bad-key");
      List<String> ids = new CopyOnWriteArrayList<>();
      await()
          .atMost(Duration.ofSeconds(20))
          .until(
              () -> {
                for (Transaction tx : c.fetchTransactions(10)) {
                  ids.add(tx.id());
                  c.acknowledge(tx);
                }
                return ids.size() >= 2;
              });
      assertThat(ids).containsExactlyInAnyOrder("ok-1", "ok-2");
    }
  }

  @Test
  void aSecondAcknowledgeIsRefusedNamingTheTransaction() throws Exception {
    String q = ElasticMq.name("stale");
    sqs.create(q);
    try (SqsConnector c = new SqsConnector(sqs.base(q).build())) {
      c.dispatchTransactions(List.of(Transaction.of("t-1", "a")));
      List<Transaction> got = new ArrayList<>();
      await().atMost(Duration.ofSeconds(20)).until(() -> got.addAll(c.fetchTransactions(1)));
      c.acknowledge(got.get(0));
      assertThatThrownBy(() -> c.acknowledge(got.get(0)))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("t-1");
    }
  }
}
