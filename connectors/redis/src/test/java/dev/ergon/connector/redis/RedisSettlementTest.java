package dev.ergon.connector.redis;

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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Settlement against the real Redis: max deliveries and rejections dead-lettered with their fields,
 * undecodable entries dead-lettered, requeue delay, the heartbeat under long work, foreign entries,
 * resolve by entry id, trimming.
 */
class RedisSettlementTest {
  private static final String TRACEPARENT =
      "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

  private final String stream = TestRedis.unique("ergon_settle");
  private final String dead = stream + ".dead";
  private final TestRedis redis = new TestRedis();
  private final List<RedisConnector> opened = new ArrayList<>();

  @AfterEach
  void cleanUp() {
    opened.forEach(RedisConnector::close);
    redis.delete(stream, dead);
    redis.close();
  }

  private RedisConnector connector(RedisSettings.Builder b) {
    RedisConnector c = new RedisConnector(b.build());
    opened.add(c);
    return c;
  }

  private static Transaction fetchOne(RedisConnector c) {
    List<Transaction> got = new ArrayList<>();
    await()
        .atMost(Duration.ofSeconds(15))
        .until(
            () -> {
              got.addAll(c.fetchTransactions(1));
              return !got.isEmpty();
            });
    return got.get(0);
  }

  @Test
  void aDeliveryPastMaxDeliveriesIsDeadLetteredWithTheOriginalIdCountAndError() throws Exception {
    RedisConnector c = connector(TestRedis.settings(stream).maxDeliveries(2));
    c.dispatchTransactions(
        List.of(new Transaction("tired", Map.of("n", 1), Map.of("traceparent", TRACEPARENT))));

    Transaction first = fetchOne(c);
    assertThat(first.metadata()).containsEntry("redis.delivery_count", "1");
    String entryId = first.metadata().get("redis.entry_id");
    c.reject(first, true);
    Transaction second = fetchOne(c);
    assertThat(second.id()).isEqualTo("tired");
    assertThat(second.metadata()).containsEntry("redis.delivery_count", "2");
    c.reject(second, true);

    await()
        .atMost(Duration.ofSeconds(15))
        .until(() -> c.fetchTransactions(5).isEmpty() && !redis.bodies(dead).isEmpty());
    Map<String, String> letter = redis.bodies(dead).get(0);
    assertThat(letter)
        .containsEntry("id", "tired")
        .containsEntry("payload", "{\"n\":1}")
        .containsEntry("traceparent", TRACEPARENT)
        .containsEntry("ergon.original_id", entryId)
        .containsEntry("ergon.original_stream", stream)
        .containsEntry("ergon.group", TestRedis.GROUP)
        .containsEntry("ergon.transaction_id", "tired")
        .containsEntry("ergon.delivery_count", "3")
        .containsEntry("ergon.error_category", "max_deliveries_exceeded")
        .containsKey("ergon.dead_lettered_at");
    assertThat(letter.get("ergon.error_message")).contains("delivered 3 times", "max_deliveries 2");
    assertThat(redis.pending(stream)).isZero();
    assertThat(c.countTransactions()).isZero();
    assertThat(c.health()).containsEntry("dead_lettered", 1L);
  }

  @Test
  void aRejectionFromTheEngineIsWrittenNextToTheDeadLetter() throws Exception {
    RedisConnector c = connector(TestRedis.settings(stream).deleteOnAck(true));
    c.dispatchTransactions(List.of(Transaction.of("refused", Map.of("n", 2))));
    Transaction tx = fetchOne(c);
    String entryId = tx.metadata().get("redis.entry_id");

    c.reject(
        tx,
        false,
        new Rejection(
            new TransactionException(
                "quantity must be positive", TransactionException.Category.BUSINESS),
            new IllegalStateException("handler gave up"),
            2));

    Map<String, String> letter = redis.bodies(dead).get(0);
    assertThat(letter)
        .containsEntry("id", "refused")
        .containsEntry("ergon.original_id", entryId)
        .containsEntry("ergon.delivery_count", "1")
        .containsEntry("ergon.error_category", "BUSINESS")
        .containsEntry("ergon.error_message", "quantity must be positive")
        .containsEntry("ergon.attempts", "3");
    assertThat(letter.get("ergon.handler_error")).contains("handler gave up");
    // delete_on_ack: the original is gone from the stream, and nothing is pending
    assertThat(redis.entries(stream)).isEmpty();
    assertThat(redis.pending(stream)).isZero();
  }

  @Test
  void anEntryWhosePayloadIsNotJsonIsDeadLetteredWithTheErrorNotHandedOut() throws Exception {
    RedisConnector c = connector(TestRedis.settings(stream));
    String entryId =
        redis.service().commands().xadd(stream, Map.of("id", "garbled", "payload", "{not json"));

    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> c.fetchTransactions(5).isEmpty() && !redis.bodies(dead).isEmpty());

    Map<String, String> letter = redis.bodies(dead).get(0);
    assertThat(letter)
        .containsEntry("id", "garbled")
        .containsEntry("payload", "{not json")
        .containsEntry("ergon.original_id", entryId)
        .containsEntry("ergon.error_category", "undecodable");
    assertThat(letter.get("ergon.error_message")).contains("garbled", entryId, "not JSON");
    assertThat(redis.pending(stream)).isZero();
  }

  @Test
  void aRequeuedEntryWaitsForTheRequeueDelay() throws Exception {
    RedisConnector c = connector(TestRedis.settings(stream).requeueDelay(Duration.ofMillis(1500)));
    c.dispatchTransactions(List.of(Transaction.of("later", Map.of("n", 3))));
    c.reject(fetchOne(c), true);

    await()
        .during(Duration.ofMillis(1000))
        .atMost(Duration.ofSeconds(5))
        .until(() -> c.fetchTransactions(5).isEmpty());
    Transaction again = fetchOne(c);
    assertThat(again.id()).isEqualTo("later");
    assertThat(again.metadata()).containsEntry("redis.delivery_count", "2");
    c.acknowledge(again);
    assertThat(redis.pending(stream)).isZero();
  }

  @Test
  void longWorkIsNotReclaimedByAnotherConsumerWhileTheHeartbeatRuns() throws Exception {
    RedisSettings.Builder b = TestRedis.settings(stream).minIdle(Duration.ofSeconds(1));
    RedisConnector worker = connector(b);
    RedisConnector rival = connector(b);
    worker.dispatchTransactions(List.of(Transaction.of("slow", Map.of("n", 4))));
    Transaction tx = fetchOne(worker);

    // three times min_idle of "work", while a rival polls and reclaims
    List<Transaction> stolen = new ArrayList<>();
    await()
        .during(Duration.ofSeconds(3))
        .atMost(Duration.ofSeconds(20))
        .until(
            () -> {
              stolen.addAll(rival.fetchTransactions(5));
              return stolen.isEmpty();
            });
    worker.acknowledge(tx);
    assertThat(redis.pending(stream)).isZero();
  }

  @Test
  void anEntryOfAnotherProducerIsItsFieldsWithTheEntryIdAsIdAndResolvesByEntryId()
      throws Exception {
    RedisConnector c = connector(TestRedis.settings(stream));
    String entryId = redis.service().commands().xadd(stream, Map.of("sku", "A-7", "qty", "2"));

    Transaction tx = fetchOne(c);
    assertThat(tx.id()).isEqualTo(entryId);
    assertThat(tx.payload()).isEqualTo(Map.of("sku", "A-7", "qty", "2"));
    assertThat(tx.metadata())
        .containsEntry("redis.entry_id", entryId)
        .containsEntry("redis.stream", stream);
    c.acknowledge(tx);

    Transaction resolved = c.resolveTransaction(entryId).orElseThrow();
    assertThat(resolved.id()).isEqualTo(entryId);
    assertThat(resolved.metadata()).containsEntry("redis.resolved", "true");
    c.acknowledge(resolved);
    assertThat(redis.entries(stream)).isEmpty();
    assertThat(c.resolveTransaction("1-1")).isEmpty();
  }

  @Test
  void dispatchTrimsThePublishStreamToAboutMaxLen() throws Exception {
    RedisConnector c = connector(TestRedis.settings(stream).maxLen(10L));
    for (int batch = 0; batch < 10; batch++) {
      List<Transaction> txs = new ArrayList<>();
      for (int i = 0; i < 50; i++) {
        txs.add(Transaction.of(Map.of("n", batch * 50 + i)));
      }
      c.dispatchTransactions(txs);
    }
    long len = redis.service().commands().xlen(stream);
    assertThat(len).isGreaterThanOrEqualTo(10).isLessThan(500);
  }

  @Test
  void settlingATransactionThatIsNotInFlightNamesIt() {
    RedisConnector c = connector(TestRedis.settings(stream));
    Transaction stranger = Transaction.of("stranger", Map.of());
    assertThatThrownBy(() -> c.acknowledge(stranger))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("'stranger'")
        .hasMessageContaining("not in flight");
  }

  @Test
  void aMetadataKeyThatIsAReservedFieldIsRefusedBeforeAnythingIsSent() {
    RedisConnector c = connector(TestRedis.settings(stream));
    Transaction ok = Transaction.of("ok", Map.of());
    Transaction bad = new Transaction("bad", Map.of(), Map.of("payload", "x"));
    assertThatThrownBy(() -> c.dispatchTransactions(List.of(ok, bad)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'payload'")
        .hasMessageContaining("'bad'");
    assertThat(redis.entries(stream)).isEmpty();
  }

  @Test
  void countFallsBackToCountingTheEntriesWhenRedisCannotTellTheLag() throws Exception {
    RedisConnector c = connector(TestRedis.settings(stream));
    List<Transaction> txs = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      txs.add(Transaction.of("c-" + i, Map.of("n", i)));
    }
    c.dispatchTransactions(txs);
    assertThat(c.countTransactions()).isEqualTo(5);
    // a deletion in the middle leaves XINFO GROUPS without a lag
    redis.service().commands().xdel(stream, redis.entries(stream).get(2).getId());
    assertThat(c.countTransactions()).isEqualTo(4);
    Transaction tx = fetchOne(c);
    assertThat(c.countTransactions()).isEqualTo(4); // 3 never delivered + 1 pending
    c.acknowledge(tx);
    assertThat(c.countTransactions()).isEqualTo(3);
  }

  @Test
  void aStreamThatDisappearsIsCreatedAgainWithItsGroupAndConsumingGoesOn() throws Exception {
    RedisConnector c = connector(TestRedis.settings(stream));
    redis.delete(stream); // as after a restart without persistence
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                c.fetchTransactions(1).isEmpty() && redis.service().commands().exists(stream) == 1);
    c.dispatchTransactions(List.of(Transaction.of("after", Map.of("n", 5))));
    Transaction tx = fetchOne(c);
    assertThat(tx.id()).isEqualTo("after");
    c.acknowledge(tx);
  }

  @Test
  void aDispatchThatRedisRefusesNamesEachTransactionAndWhy() {
    String notAStream = TestRedis.unique("ergon_string");
    redis.service().commands().set(notAStream, "x");
    try {
      RedisConnector c = connector(TestRedis.settings(stream).publishStream(notAStream));
      assertThatThrownBy(
              () ->
                  c.dispatchTransactions(
                      List.of(Transaction.of("d-1", Map.of()), Transaction.of("d-2", Map.of()))))
          .isInstanceOf(RedisConnectorException.class)
          .hasMessageContaining("2 of 2 transactions not added to stream '" + notAStream + "'")
          .hasMessageContaining("'d-1'")
          .hasMessageContaining("'d-2'")
          .hasMessageContaining("WRONGTYPE");
    } finally {
      redis.delete(notAStream);
    }
  }

  @Test
  void idleConsumersWithoutPendingEntriesArePrunedAndOnesHoldingEntriesAreKept() throws Exception {
    RedisConnector c =
        connector(TestRedis.settings(stream).pruneConsumersAfter(Duration.ofMillis(500)));
    // this connector's consumer: it appears with its first entry and holds nothing after the ack
    c.dispatchTransactions(List.of(Transaction.of("mine", Map.of())));
    c.acknowledge(fetchOne(c));
    var raw = redis.service().commands();
    raw.xgroupCreateconsumer(stream, io.lettuce.core.Consumer.from(TestRedis.GROUP, "ghost"));
    String heldId = raw.xadd(stream, Map.of("id", "held", "payload", "{}"));
    io.lettuce.core.Consumer<String> holder =
        io.lettuce.core.Consumer.from(TestRedis.GROUP, "holder");
    raw.xclaim(stream, holder, new io.lettuce.core.XClaimArgs().minIdleTime(0).force(), heldId);

    await().atMost(Duration.ofSeconds(10)).until(() -> !consumers().contains("ghost"));
    // idle at least as long as the ghost, but never removes itself
    assertThat(consumers()).containsExactlyInAnyOrder("holder", c.consumerName());
    assertThat(redis.pending(stream)).isEqualTo(1);
  }

  private List<String> consumers() {
    List<String> names = new ArrayList<>();
    for (Object o : redis.service().commands().xinfoConsumers(stream, TestRedis.GROUP)) {
      List<?> kv = (List<?>) o;
      for (int i = 0; i + 1 < kv.size(); i += 2) {
        if ("name".equals(kv.get(i))) {
          names.add(String.valueOf(kv.get(i + 1)));
        }
      }
    }
    return names;
  }
}
