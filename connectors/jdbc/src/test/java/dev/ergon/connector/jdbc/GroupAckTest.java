package dev.ergon.connector.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ergon.connector.ConnectionLostException;
import dev.ergon.transaction.Transaction;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Concurrent acknowledgements are committed together (a group commit), yet each caller learns the
 * fate of its own row: the rows whose lease is still held are deleted, and a row whose lease was
 * lost fails its own acknowledgement only, as a redelivery.
 */
class GroupAckTest {
  private static final int ROWS = 400;
  private static final int THREADS = 16;
  @TempDir Path dir;
  private final String table = Backend.table("groupack");
  private Backend backend = Backend.POSTGRES;
  private JdbcQueueConnector queue;

  @AfterEach
  void cleanUp() throws Exception {
    if (queue != null) {
      queue.close();
    }
    backend.execute(dir, "DROP TABLE IF EXISTS " + table);
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void concurrentAcknowledgementsDeleteEveryHeldRowAndALostLeaseFailsOnlyItsOwn(Backend b)
      throws Exception {
    backend = b;
    queue =
        new JdbcQueueConnector(
            b.queue(dir, table).idleWait(Duration.ZERO).maxBatchSize(ROWS).build());
    List<Transaction> sent = new ArrayList<>();
    for (int i = 0; i < ROWS; i++) {
      sent.add(Transaction.of("r-" + i, Map.of("i", i)));
    }
    queue.dispatchTransactions(sent);
    List<Transaction> held = new ArrayList<>();
    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () -> {
              held.addAll(queue.fetchTransactions(ROWS - held.size()));
              return held.size() == ROWS;
            });
    // another worker took r-7 over after its lease expired (as the lease sweep would let it)
    b.execute(dir, "UPDATE " + table + " SET lease_owner = 'someone-else' WHERE id = 'r-7'");

    Map<String, Throwable> failures = new ConcurrentHashMap<>();
    CountDownLatch start = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < THREADS; t++) {
        int thread = t;
        done.add(
            pool.submit(
                () -> {
                  start.await();
                  for (int i = thread; i < ROWS; i += THREADS) {
                    Transaction tx = held.get(i);
                    try {
                      queue.acknowledge(tx);
                    } catch (Exception e) {
                      failures.put(tx.id(), e);
                    }
                  }
                  return null;
                }));
      }
      start.countDown();
      for (Future<?> f : done) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }

    assertThat(failures).containsOnlyKeys("r-7");
    assertThat(failures.get("r-7"))
        .isInstanceOf(ConnectionLostException.class)
        .hasMessageContaining("'r-7'")
        .hasMessageContaining("lease expired");
    assertThat(b.queryLong(dir, "SELECT COUNT(*) FROM " + table)).isEqualTo(1);
    assertThat(b.queryLong(dir, "SELECT COUNT(*) FROM " + table + " WHERE id = 'r-7'"))
        .isEqualTo(1);
  }
}
