package dev.ergon.connector.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ergon.transaction.Transaction;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

/** A queue on a given DataSource tells its database from the connection and reports health. */
class DataSourceConfigTest {
  private final String table = Backend.table("ds");

  @AfterEach
  void dropTable() throws Exception {
    Db.pgExecute("DROP TABLE IF EXISTS " + table);
  }

  @Test
  void aDataSourceQueueDetectsPostgresqlAndWorks() throws Exception {
    PGSimpleDataSource ds = new PGSimpleDataSource();
    ds.setUrl(Db.PG_URL);
    ds.setUser(Db.PG_USER);
    try (JdbcQueueConnector queue =
        new JdbcQueueConnector(
            JdbcQueueConfig.builder(ds).table(table).idleWait(Duration.ZERO).build())) {
      queue.dispatchTransactions(List.of(Transaction.of("ds-1", "hello")));
      queue.onConcurrency(3);
      List<Transaction> got = queue.fetchTransactions(5);

      assertThat(got).extracting(Transaction::id).containsExactly("ds-1");
      assertThat(queue.health())
          .containsEntry("state", "open")
          .containsEntry("dialect", "postgresql")
          .containsEntry("table", table)
          .containsEntry("concurrency", 3)
          .containsEntry("leases.held", 1)
          .containsKeys("owner", "pool.active", "pool.total", "heartbeat.last");
      queue.acknowledge(got.get(0));
      assertThat(queue.health()).containsEntry("leases.held", 0);
    }
  }
}
