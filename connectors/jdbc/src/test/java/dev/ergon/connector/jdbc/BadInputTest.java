package dev.ergon.connector.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ergon.engine.Outcome;
import dev.ergon.policy.ConsumerPolicy;
import dev.ergon.task.ConsumerTask;
import dev.ergon.test.HarnessRun;
import dev.ergon.test.TaskHarness;
import dev.ergon.transaction.PayloadConversionException;
import dev.ergon.transaction.Transaction;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Rows that are not valid JSON, and databases that cannot be reached. */
class BadInputTest {
  private final String table = Backend.table("bad");

  @AfterEach
  void dropTable() throws Exception {
    Db.pgExecute("DROP TABLE IF EXISTS " + table);
  }

  record Order(int orderId, int quantity) {}

  /** Reads each payload as an Order. */
  static final class OrderTask extends ConsumerTask<Order> {
    @Override
    public Order processTransaction(Transaction tx) {
      return tx.payload(Order.class);
    }
  }

  @Test
  void aRowThatIsNotJsonArrivesRawAndFailsOnlyTheTaskThatAsksForATypedPayload() throws Exception {
    JdbcQueueConnector queue =
        new JdbcQueueConnector(Db.postgres(table).idleWait(Duration.ZERO).build());
    queue.dispatchTransactions(List.of(Transaction.of("good-1", new Order(1, 1))));
    Db.pgExecute("INSERT INTO " + table + " (id, payload_text) VALUES ('broken', '{not json')");
    queue.dispatchTransactions(List.of(Transaction.of("good-2", Map.of("orderId", 2))));

    HarnessRun run =
        TaskHarness.of(OrderTask::new)
            .connector("input", queue)
            .policy(ConsumerPolicy.builder("consumer").batchSize(10).build())
            .run();

    assertThat(run.outcome("good-1")).isInstanceOf(Outcome.Succeeded.class);
    assertThat(run.outcome("good-2")).isInstanceOf(Outcome.Succeeded.class);
    Outcome broken = run.outcome("broken");
    assertThat(broken).isInstanceOf(Outcome.FailedHandled.class);
    assertThat(((Outcome.FailedHandled) broken).error())
        .hasRootCauseInstanceOf(com.fasterxml.jackson.core.JsonParseException.class)
        .satisfiesAnyOf(
            e -> assertThat(e).isInstanceOf(PayloadConversionException.class),
            e -> assertThat(e.getCause()).isInstanceOf(PayloadConversionException.class))
        .hasMessageContaining("broken");
    assertThat(Db.pgLong("SELECT COUNT(*) FROM " + table)).isZero();
  }

  @Test
  void aRawRowKeepsItsTextAsThePayload() throws Exception {
    try (JdbcQueueConnector queue =
        new JdbcQueueConnector(Db.postgres(table).idleWait(Duration.ZERO).build())) {
      Db.pgExecute("INSERT INTO " + table + " (id, payload_text) VALUES ('raw', 'hello <b>')");
      Transaction tx = queue.fetchTransactions(1).get(0);
      assertThat(tx.payload()).isEqualTo("hello <b>");
      assertThatThrownBy(() -> tx.payload(Order.class))
          .isInstanceOf(PayloadConversionException.class)
          .hasMessageContaining("'raw'")
          .hasMessageContaining(Order.class.getName());
      queue.acknowledge(tx);
    }
  }

  @Test
  void anUnknownUserFailsAtStartUpNamingTheConnectorAndUrl() {
    assertThatThrownBy(
            () ->
                new JdbcQueueConnector(
                    JdbcQueueConfig.builder(Db.PG_URL + "?password=hunter2")
                        .username("no_such_user")
                        .table(table)
                        .build()))
        .isInstanceOf(JdbcQueueException.class)
        .hasMessageContaining("SQL queue connector")
        .hasMessageContaining("'" + table + "'")
        .hasMessageContaining("jdbc:postgresql://127.0.0.1:5432/test")
        .hasMessageContaining("no_such_user")
        .hasMessageNotContaining("hunter2");
  }

  @Test
  void anUnknownDatabaseFailsAtStartUpNamingTheConnectorAndUrl() {
    String url = "jdbc:postgresql://127.0.0.1:5432/no_such_database_ergon";
    assertThatThrownBy(
            () ->
                new JdbcQueueConnector(
                    JdbcQueueConfig.builder(url).username(Db.PG_USER).table(table).build()))
        .isInstanceOf(JdbcQueueException.class)
        .hasMessageContaining("SQL queue connector")
        .hasMessageContaining(url)
        .hasMessageContaining("no_such_database_ergon\" does not exist");
  }

  @Test
  void anUnreachableServerFailsAtStartUpWithinTheConnectTimeout() {
    String url = "jdbc:postgresql://127.0.0.1:1/test";
    assertThatThrownBy(
            () ->
                new JdbcQueueConnector(
                    JdbcQueueConfig.builder(url)
                        .username(Db.PG_USER)
                        .connectTimeout(Duration.ofSeconds(2))
                        .build()))
        .isInstanceOf(JdbcQueueException.class)
        .hasMessageContaining("SQL queue connector")
        .hasMessageContaining(url)
        .hasMessageContaining("cannot connect");
  }

  @Test
  void aMissingTableIsReportedWhenSchemaCreationIsOff() {
    assertThatThrownBy(() -> new JdbcQueueConnector(Db.postgres(table).createSchema(false).build()))
        .isInstanceOf(JdbcQueueException.class)
        .hasMessageContaining("'" + table + "'")
        .hasMessageContaining("does not exist");
  }
}
