package dev.ergon.connector.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ergon.engine.Outcome;
import dev.ergon.policy.ConsumerPolicy;
import dev.ergon.policy.RetryPolicy;
import dev.ergon.task.ConsumerTask;
import dev.ergon.test.HarnessRun;
import dev.ergon.test.TaskHarness;
import dev.ergon.transaction.Transaction;
import dev.ergon.transaction.TransactionException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A transaction that always fails, with a failing exception handler, ends dead; others flow. */
class PoisonTest {
  private final String table = Backend.table("poison");
  private final Map<String, AtomicInteger> attempts = new ConcurrentHashMap<>();

  @AfterEach
  void dropTable() throws Exception {
    Db.pgExecute("DROP TABLE IF EXISTS " + table);
  }

  /** Fails on "poison", and so does its exception handler. */
  final class Picky extends ConsumerTask<Integer> {
    @Override
    public Integer processTransaction(Transaction tx) {
      attempts.computeIfAbsent(tx.id(), id -> new AtomicInteger()).incrementAndGet();
      if (tx.id().equals("poison")) {
        throw new IllegalStateException("cannot digest " + tx.id());
      }
      return tx.payload(Integer.class);
    }

    @Override
    public void handleProcessException(Transaction tx, TransactionException error) {
      throw new IllegalStateException("the handler chokes on " + tx.id(), error);
    }
  }

  @Test
  void aPoisonTransactionIsDeadLetteredAfterItsAttemptsWhileTheOthersFlow() throws Exception {
    JdbcQueueConnector queue = new JdbcQueueConnector(Db.postgres(table).build());
    List<Transaction> sent = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      sent.add(Transaction.of(i == 7 ? "poison" : "ok-" + i, i));
    }
    queue.dispatchTransactions(sent);

    HarnessRun run =
        TaskHarness.of(Picky::new)
            .connector("input", queue)
            .policy(
                ConsumerPolicy.builder("consumer")
                    .concurrency(3)
                    .batchSize(5)
                    .processRetry(RetryPolicy.builder().maxAttempts(3).build())
                    .build())
            .run();

    Outcome poison = run.outcome("poison");
    assertThat(poison).isInstanceOf(Outcome.FailedUnhandled.class);
    assertThat(((Outcome.FailedUnhandled) poison).disposition())
        .isEqualTo(Outcome.Disposition.DEAD_LETTERED);
    assertThat(attempts.get("poison")).hasValue(3);
    assertThat(run.count(Outcome.Kind.SUCCEEDED)).isEqualTo(29);
    assertThat(Db.pgLong("SELECT COUNT(*) FROM " + table + " WHERE status = 'dead'")).isEqualTo(1);
    assertThat(Db.pgLong("SELECT COUNT(*) FROM " + table)).isEqualTo(1);
    try (JdbcQueueConnector reader = new JdbcQueueConnector(Db.postgres(table).build())) {
      assertThat(reader.deadLettered()).extracting(Transaction::id).containsExactly("poison");
      // the dead row says why
      assertThat(reader.deadLettered().get(0).metadata().get("jdbc.last_error"))
          .startsWith("SYSTEM: ")
          .contains("cannot digest poison")
          .contains("attempts 3")
          .contains("exception handler failed")
          .contains("the handler chokes on poison");
    }
  }
}
