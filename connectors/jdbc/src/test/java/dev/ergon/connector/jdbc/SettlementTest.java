package dev.ergon.connector.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.ergon.connector.ConnectionLostException;
import dev.ergon.transaction.Transaction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Payload round trips, delayed requeue, dead letters, idempotent dispatch, settling after close.
 */
class SettlementTest {
  @TempDir Path dir;
  private final List<JdbcQueueConnector> opened = new ArrayList<>();
  private Backend backend = Backend.POSTGRES;
  private final String table = Backend.table("settle");

  @AfterEach
  void cleanUp() throws Exception {
    opened.forEach(JdbcQueueConnector::close);
    backend.execute(dir, "DROP TABLE IF EXISTS " + table);
  }

  private JdbcQueueConnector open(Backend b, Duration requeueDelay) {
    backend = b;
    JdbcQueueConnector c =
        new JdbcQueueConnector(
            b.queue(dir, table).requeueDelay(requeueDelay).idleWait(Duration.ZERO).build());
    opened.add(c);
    return c;
  }

  private static List<Transaction> fetch(JdbcQueueConnector c, int n) {
    List<Transaction> got = new ArrayList<>();
    await()
        .atMost(Duration.ofSeconds(20))
        .pollInterval(Duration.ofMillis(20))
        .until(
            () -> {
              got.addAll(c.fetchTransactions(n - got.size()));
              return got.size() >= n;
            });
    return got;
  }

  record Order(int orderId, int quantity) {}

  @ParameterizedTest
  @EnumSource(Backend.class)
  void stringsAndBytesComeBackAsTheyWereAndObjectsAsJson(Backend b) throws Exception {
    JdbcQueueConnector c = open(b, Duration.ZERO);
    byte[] bytes = "{\"orderId\":3,\"quantity\":4}".getBytes(StandardCharsets.UTF_8);
    c.dispatchTransactions(
        List.of(
            Transaction.of("text", "plain words"),
            Transaction.of("bytes", bytes),
            Transaction.of("object", new Order(1, 2)),
            new Transaction("meta", 42, Map.of("k", "v"))));

    List<Transaction> got = fetch(c, 4);

    assertThat(got).extracting(Transaction::id).containsExactly("text", "bytes", "object", "meta");
    assertThat(got.get(0).payload()).isEqualTo("plain words");
    assertThat(got.get(1).payload()).isEqualTo(bytes);
    assertThat(got.get(1).payload(Order.class)).isEqualTo(new Order(3, 4));
    assertThat(got.get(2).payload()).isEqualTo(Map.of("orderId", 1, "quantity", 2));
    assertThat(got.get(2).payload(Order.class)).isEqualTo(new Order(1, 2));
    assertThat(got.get(3).payload()).isEqualTo(42);
    assertThat(got.get(3).metadata()).isEqualTo(Map.of("k", "v"));
    for (Transaction tx : got) {
      c.acknowledge(tx);
    }
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void aRequeuedRowWaitsForTheRequeueDelay(Backend b) throws Exception {
    JdbcQueueConnector c = open(b, Duration.ofMillis(1500));
    c.dispatchTransactions(List.of(Transaction.of("later", "x")));
    Transaction tx = fetch(c, 1).get(0);
    long rejectedAt = System.nanoTime();

    c.reject(tx, true);

    assertThat(c.fetchTransactions(1)).isEmpty();
    assertThat(c.countTransactions()).isEqualTo(1);
    Transaction again = fetch(c, 1).get(0);
    assertThat(Duration.ofNanos(System.nanoTime() - rejectedAt))
        .isGreaterThan(Duration.ofSeconds(1));
    c.acknowledge(again);
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void aDeadRowIsListedAndCanBeReplayedByIdOnly(Backend b) throws Exception {
    JdbcQueueConnector c = open(b, Duration.ZERO);
    c.dispatchTransactions(List.of(Transaction.of("poison", Map.of("n", 1))));
    c.reject(fetch(c, 1).get(0), false);

    assertThat(c.deadLettered()).extracting(Transaction::id).containsExactly("poison");
    assertThat(c.fetchTransactions(5)).isEmpty();
    assertThat(c.countTransactions()).isZero();
    Transaction replayed = c.resolveTransaction("poison").orElseThrow();
    c.acknowledge(replayed);
    assertThat(c.deadLettered()).isEmpty();
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void dispatchingAnIdThatIsAlreadyQueuedQueuesItOnce(Backend b) throws Exception {
    JdbcQueueConnector c = open(b, Duration.ZERO);
    c.dispatchTransactions(List.of(Transaction.of("same", 1)));
    c.dispatchTransactions(List.of(Transaction.of("same", 2), Transaction.of("other", 3)));

    assertThat(c.countTransactions()).isEqualTo(2);
    assertThat(fetch(c, 2)).extracting(Transaction::payload).containsExactly(1, 3);
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void settlingTwiceIsAnErrorAndSettlingAfterCloseIsARedelivery(Backend b) throws Exception {
    JdbcQueueConnector c = open(b, Duration.ZERO);
    c.dispatchTransactions(List.of(Transaction.of("a", 1), Transaction.of("b", 2)));
    List<Transaction> got = fetch(c, 2);
    c.acknowledge(got.get(0));

    assertThatThrownBy(() -> c.acknowledge(got.get(0)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("'a'")
        .hasMessageContaining("settled already");
    c.close();
    assertThatThrownBy(() -> c.acknowledge(got.get(1)))
        .isInstanceOf(ConnectionLostException.class)
        .hasMessageContaining("'b'");
    assertThat(b.queryLong(dir, "SELECT COUNT(*) FROM " + table + " WHERE status = 'ready'"))
        .isEqualTo(1);
    assertThat(c.health()).containsEntry("state", "closed");
  }
}
