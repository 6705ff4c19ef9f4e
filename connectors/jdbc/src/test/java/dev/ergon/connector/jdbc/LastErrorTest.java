package dev.ergon.connector.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ergon.connector.Rejection;
import dev.ergon.transaction.Transaction;
import dev.ergon.transaction.TransactionException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A dead row's {@code last_error}: written from the engine's reason, added to a table made before
 * the column existed, and left out (dead-lettering still works) when the schema is not ours.
 */
class LastErrorTest {
  @TempDir Path dir;
  private final List<JdbcQueueConnector> opened = new ArrayList<>();
  private Backend backend = Backend.POSTGRES;
  private final String table = Backend.table("lasterr");

  @AfterEach
  void cleanUp() throws Exception {
    opened.forEach(JdbcQueueConnector::close);
    backend.execute(dir, "DROP TABLE IF EXISTS " + table);
  }

  private JdbcQueueConnector open(Backend b, boolean createSchema) {
    backend = b;
    JdbcQueueConnector c =
        new JdbcQueueConnector(
            b.queue(dir, table).createSchema(createSchema).idleWait(Duration.ZERO).build());
    opened.add(c);
    return c;
  }

  private static Transaction fetchOne(JdbcQueueConnector c) {
    List<Transaction> got = new ArrayList<>();
    await().atMost(Duration.ofSeconds(20)).until(() -> got.addAll(c.fetchTransactions(1)));
    return got.get(0);
  }

  private static Rejection timeout() {
    return new Rejection(
        new TransactionException("exceeded PT1S", TransactionException.Category.TIMEOUT),
        new IllegalStateException("handler down"),
        2);
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void theReasonIsWrittenAndAPlainRejectSaysSo(Backend b) throws Exception {
    JdbcQueueConnector c = open(b, true);
    c.dispatchTransactions(List.of(Transaction.of("tx-1", 1), Transaction.of("tx-2", 2)));
    c.reject(fetchOne(c), false, timeout());
    c.reject(fetchOne(c), false);

    List<Transaction> dead = c.deadLettered();
    assertThat(dead).extracting(Transaction::id).containsExactly("tx-1", "tx-2");
    assertThat(dead.get(0).metadata().get("jdbc.last_error"))
        .isEqualTo(
            "TIMEOUT: exceeded PT1S (attempts 3; exception handler failed:"
                + " java.lang.IllegalStateException: handler down)");
    assertThat(dead.get(1).metadata().get("jdbc.last_error")).isEqualTo("rejected without requeue");
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void anOlderTableGetsTheColumnAndATableOutsideOurSchemaWorksWithoutIt(Backend b)
      throws Exception {
    open(b, true).close();
    backend.execute(dir, "ALTER TABLE " + table + " DROP COLUMN last_error");

    // create_schema off: no column, dead-lettering still works, without a reason
    JdbcQueueConnector foreign = open(b, false);
    foreign.dispatchTransactions(List.of(Transaction.of("old", 1)));
    foreign.reject(fetchOne(foreign), false, timeout());
    assertThat(foreign.deadLettered())
        .singleElement()
        .satisfies(
            t -> {
              assertThat(t.id()).isEqualTo("old");
              assertThat(t.metadata()).doesNotContainKey("jdbc.last_error");
            });
    foreign.close();

    // create_schema on: the column is added, and the reason written
    JdbcQueueConnector ours = open(b, true);
    ours.dispatchTransactions(List.of(Transaction.of("new", 2)));
    ours.reject(fetchOne(ours), false, timeout());
    assertThat(ours.deadLettered())
        .filteredOn(t -> t.id().equals("new"))
        .singleElement()
        .satisfies(t -> assertThat(t.metadata().get("jdbc.last_error")).startsWith("TIMEOUT: "));
  }
}
