package dev.ergon.connector.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ergon.transaction.Transaction;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An idle consumer on PostgreSQL waits on LISTEN, boundedly, and wakes when work is dispatched. */
class ListenNotifyTest {
  @TempDir Path dir;
  private final String table = Backend.table("listen");

  @AfterEach
  void dropTable() throws Exception {
    Db.pgExecute("DROP TABLE IF EXISTS " + table);
  }

  @Test
  void anIdleFetchReturnsEmptyAfterAtMostTheIdleWait() throws Exception {
    try (JdbcQueueConnector c =
        new JdbcQueueConnector(Db.postgres(table).idleWait(Duration.ofMillis(300)).build())) {
      long start = System.nanoTime();
      assertThat(c.fetchTransactions(5)).isEmpty();
      Duration took = Duration.ofNanos(System.nanoTime() - start);
      assertThat(took).isBetween(Duration.ofMillis(250), Duration.ofSeconds(5));
    }
  }

  @Test
  void aDispatchWakesAnIdleConsumerBeforeItsIdleWaitEnds() throws Exception {
    try (JdbcQueueConnector consumer =
            new JdbcQueueConnector(Db.postgres(table).idleWait(Duration.ofSeconds(10)).build());
        JdbcQueueConnector producer = new JdbcQueueConnector(Db.postgres(table).build())) {
      CompletableFuture<List<Transaction>> fetch =
          CompletableFuture.supplyAsync(
              () -> {
                try {
                  return consumer.fetchTransactions(5);
                } catch (Exception e) {
                  throw new IllegalStateException(e);
                }
              });
      await()
          .during(Duration.ofMillis(300))
          .atMost(Duration.ofSeconds(5))
          .until(() -> !fetch.isDone());

      producer.dispatchTransactions(List.of(Transaction.of("wake-up", "now")));

      List<Transaction> got = fetch.get(5, TimeUnit.SECONDS);
      assertThat(got).extracting(Transaction::id).containsExactly("wake-up");
      consumer.acknowledge(got.get(0));
    }
  }

  @Test
  void theEmbeddedQueueNeverWaits() throws Exception {
    try (JdbcQueueConnector c =
        new JdbcQueueConnector(
            Db.embedded(dir.resolve("q.db"), table).idleWait(Duration.ofSeconds(10)).build())) {
      long start = System.nanoTime();
      assertThat(c.fetchTransactions(5)).isEmpty();
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    }
  }
}
