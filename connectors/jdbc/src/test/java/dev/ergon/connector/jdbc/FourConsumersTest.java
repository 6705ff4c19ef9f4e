package dev.ergon.connector.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ergon.engine.Outcome;
import dev.ergon.policy.ConsumerPolicy;
import dev.ergon.policy.LoopMode;
import dev.ergon.task.ConsumerTask;
import dev.ergon.test.HarnessRun;
import dev.ergon.test.TaskHarness;
import dev.ergon.transaction.Transaction;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Four workers on one PostgreSQL table: every row processed once, none twice under a lease. */
class FourConsumersTest {
  private static final int ROWS = 2000;
  private final String table = Backend.table("four");
  private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
  private final Set<String> inFlight = ConcurrentHashMap.newKeySet();
  private final List<String> overlaps = new CopyOnWriteArrayList<>();

  @AfterEach
  void dropTable() throws Exception {
    Db.pgExecute("DROP TABLE IF EXISTS " + table);
  }

  /** Records each call, and any call on a row another call is still processing. */
  final class Recording extends ConsumerTask<String> {
    @Override
    public String processTransaction(Transaction tx) {
      if (!inFlight.add(tx.id())) {
        overlaps.add(tx.id());
      }
      calls.computeIfAbsent(tx.id(), id -> new AtomicInteger()).incrementAndGet();
      inFlight.remove(tx.id());
      return tx.id();
    }
  }

  @Test
  @Timeout(value = 3, unit = TimeUnit.MINUTES)
  void fourWorkersProcessEveryRowExactlyOnceAndLeaveTheTableEmpty() throws Exception {
    try (JdbcQueueConnector producer = new JdbcQueueConnector(Db.postgres(table).build())) {
      producer.dispatchTransactions(
          IntStream.range(0, ROWS)
              .mapToObj(i -> Transaction.of("row-" + i, Map.of("n", i)))
              .toList());
    }
    ExecutorService workers = Executors.newFixedThreadPool(4);
    List<Future<HarnessRun>> runs = new CopyOnWriteArrayList<>();
    for (int w = 0; w < 4; w++) {
      LoopMode mode = w % 2 == 0 ? LoopMode.BATCH : LoopMode.CONTINUOUS;
      runs.add(workers.submit(() -> run(mode)));
    }
    workers.shutdown();

    long succeeded = 0;
    int busyWorkers = 0;
    for (Future<HarnessRun> run : runs) {
      HarnessRun r = run.get(150, TimeUnit.SECONDS);
      assertThat(r.outcomes().values()).allMatch(o -> o instanceof Outcome.Succeeded);
      succeeded += r.count(Outcome.Kind.SUCCEEDED);
      busyWorkers += r.outcomes().isEmpty() ? 0 : 1;
    }

    assertThat(overlaps).isEmpty();
    assertThat(calls).hasSize(ROWS);
    assertThat(calls.values()).allMatch(n -> n.get() == 1);
    assertThat(succeeded).isEqualTo(ROWS);
    assertThat(busyWorkers).as("workers that took rows").isGreaterThanOrEqualTo(2);
    assertThat(Db.pgLong("SELECT COUNT(*) FROM " + table)).isZero();
  }

  private HarnessRun run(LoopMode mode) {
    JdbcQueueConnector queue = new JdbcQueueConnector(Db.postgres(table).build());
    return TaskHarness.of(Recording::new)
        .connector("input", queue)
        .policy(ConsumerPolicy.builder("consumer").mode(mode).concurrency(4).batchSize(10).build())
        .run();
  }
}
