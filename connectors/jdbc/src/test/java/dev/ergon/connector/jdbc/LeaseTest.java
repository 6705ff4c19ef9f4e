package dev.ergon.connector.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.ergon.connector.ConnectionLostException;
import dev.ergon.transaction.Transaction;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Leases: exclusive while they hold, returned when they expire, extended while processing. */
class LeaseTest {
  @TempDir Path dir;
  private final List<JdbcQueueConnector> opened = new ArrayList<>();
  private Backend backend = Backend.POSTGRES;
  private final String table = Backend.table("lease");

  @AfterEach
  void cleanUp() throws Exception {
    opened.forEach(JdbcQueueConnector::close);
    backend.execute(dir, "DROP TABLE IF EXISTS " + table);
  }

  private JdbcQueueConnector open(Backend b, Duration lease, boolean heartbeat) {
    backend = b;
    JdbcQueueConnector c =
        new JdbcQueueConnector(
            b.queue(dir, table)
                .leaseDuration(lease)
                .heartbeat(heartbeat)
                .idleWait(Duration.ZERO)
                .build());
    opened.add(c);
    return c;
  }

  private static Transaction fetchOne(JdbcQueueConnector c) {
    List<Transaction> got = new ArrayList<>();
    await()
        .atMost(Duration.ofSeconds(20))
        .pollInterval(Duration.ofMillis(50))
        .until(
            () -> {
              got.addAll(c.fetchTransactions(1));
              return !got.isEmpty();
            });
    return got.get(0);
  }

  private static void assertNothingFor(JdbcQueueConnector c, Duration window) {
    await()
        .during(window)
        .atMost(window.plusSeconds(10))
        .pollInterval(Duration.ofMillis(50))
        .until(() -> c.fetchTransactions(10).isEmpty());
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void aRowClaimedByOneConsumerIsNotClaimableByAnotherWhileItsLeaseHolds(Backend b)
      throws Exception {
    JdbcQueueConnector a = open(b, Duration.ofSeconds(30), true);
    JdbcQueueConnector other = open(b, Duration.ofSeconds(30), true);
    a.dispatchTransactions(List.of(Transaction.of("only", Map.of("n", 1))));

    Transaction held = fetchOne(a);

    assertNothingFor(other, Duration.ofSeconds(1));
    assertThat(other.resolveTransaction("only")).isEmpty();
    assertThat(other.countTransactions()).isZero();
    a.acknowledge(held);
    assertThat(b.queryLong(dir, "SELECT COUNT(*) FROM " + table)).isZero();
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void anExpiredLeaseLetsAnotherConsumerTakeTheRowAndRefusesTheFormerHoldersAcknowledge(Backend b)
      throws Exception {
    JdbcQueueConnector a = open(b, Duration.ofMillis(500), false);
    JdbcQueueConnector other = open(b, Duration.ofSeconds(30), true);
    a.dispatchTransactions(List.of(Transaction.of("slow", "payload")));
    Transaction first = fetchOne(a);

    Transaction second = fetchOne(other);

    assertThat(second.id()).isEqualTo(first.id());
    assertThatThrownBy(() -> a.acknowledge(first))
        .isInstanceOf(ConnectionLostException.class)
        .hasMessageContaining("'slow'")
        .hasMessageContaining("lease");
    assertThat(b.queryLong(dir, "SELECT attempts FROM " + table)).isEqualTo(2);
    other.acknowledge(second);
    assertThat(b.queryLong(dir, "SELECT COUNT(*) FROM " + table)).isZero();
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void theHeartbeatKeepsALongRunningRowLeasedPastItsOriginalDeadline(Backend b) throws Exception {
    JdbcQueueConnector a = open(b, Duration.ofMillis(600), true);
    JdbcQueueConnector other = open(b, Duration.ofSeconds(30), true);
    a.dispatchTransactions(List.of(Transaction.of("long", "payload")));
    Transaction held = fetchOne(a);

    assertNothingFor(other, Duration.ofMillis(2500));

    a.acknowledge(held);
    assertThat(a.health()).containsEntry("leases.lost", 0L);
    assertThat(b.queryLong(dir, "SELECT COUNT(*) FROM " + table)).isZero();
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void anExpiredLeaseIsCountedAsWaiting(Backend b) throws Exception {
    JdbcQueueConnector a = open(b, Duration.ofMillis(300), false);
    a.dispatchTransactions(List.of(Transaction.of("x", 1), Transaction.of("y", 2)));
    fetchOne(a);
    assertThat(a.countTransactions()).isEqualTo(1);

    await().atMost(Duration.ofSeconds(10)).until(() -> a.countTransactions() == 2);
  }
}
