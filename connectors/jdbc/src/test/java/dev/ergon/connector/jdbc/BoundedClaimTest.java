package dev.ergon.connector.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ergon.transaction.Transaction;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * On PostgreSQL, a claim after a full batch starts from where the last one found rows (so that it
 * does not walk the dead index entries of every row claimed before it); rows that become available
 * behind that bound are still claimed: this connector's own requeues at once, other connectors'
 * requeues and expired leases at the latest when the queue runs short.
 */
class BoundedClaimTest {
  private final String table = Backend.table("bounded");
  private final List<JdbcQueueConnector> opened = new ArrayList<>();

  @AfterEach
  void cleanUp() throws Exception {
    opened.forEach(JdbcQueueConnector::close);
    Db.pgExecute("DROP TABLE IF EXISTS " + table);
  }

  private JdbcQueueConnector open() {
    JdbcQueueConnector c =
        new JdbcQueueConnector(
            Db.postgres(table).heartbeat(false).idleWait(Duration.ZERO).maxBatchSize(50).build());
    opened.add(c);
    return c;
  }

  private static List<Transaction> rows(int n) {
    return IntStream.range(0, n)
        .mapToObj(i -> Transaction.of(String.format("r-%04d", i), Map.of("n", i)))
        .toList();
  }

  @Test
  void aRowThisConnectorRequeuesIsTheFirstOfItsNextFullBatch() throws Exception {
    JdbcQueueConnector a = open();
    a.dispatchTransactions(rows(500));
    List<Transaction> first = a.fetchTransactions(50);
    a.fetchTransactions(50).forEach(tx -> ack(a, tx));
    first.subList(1, 50).forEach(tx -> ack(a, tx));

    a.reject(first.get(0), true);
    List<Transaction> next = a.fetchTransactions(50);

    assertThat(next).hasSize(50);
    assertThat(next.get(0).id()).isEqualTo("r-0000");
    assertThat(next.get(1).id()).isEqualTo("r-0100");
  }

  @Test
  void rowsAnotherConnectorRequeuesOrLeavesToExpireBehindTheBoundAreAllClaimedAgain()
      throws Exception {
    JdbcQueueConnector a = open();
    JdbcQueueConnector b = open();
    a.dispatchTransactions(rows(1000));
    List<Transaction> requeued = b.fetchTransactions(10);
    List<Transaction> abandoned = b.fetchTransactions(10);
    Set<String> seen = new HashSet<>();
    for (Transaction tx : a.fetchTransactions(50)) {
      seen.add(tx.id());
      ack(a, tx);
    }

    for (Transaction tx : requeued) {
      b.reject(tx, true); // behind a's bound now; b's leases on the others expire in 2 s
    }
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (seen.size() < 1000 && System.nanoTime() < deadline) {
      for (Transaction tx : a.fetchTransactions(50)) {
        assertThat(seen.add(tx.id())).as("claimed twice: %s", tx.id()).isTrue();
        ack(a, tx);
      }
    }

    assertThat(seen).hasSize(1000);
    assertThat(seen).containsAll(requeued.stream().map(Transaction::id).toList());
    assertThat(seen).containsAll(abandoned.stream().map(Transaction::id).toList());
    assertThat(Db.pgLong("SELECT COUNT(*) FROM " + table)).isZero();
  }

  private static void ack(JdbcQueueConnector c, Transaction tx) {
    try {
      c.acknowledge(tx);
    } catch (Exception e) {
      throw new AssertionError("acknowledge " + tx.id(), e);
    }
  }
}
