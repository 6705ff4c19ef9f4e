package dev.ergon.bench.scenario;

import dev.ergon.bench.harness.Pass;
import dev.ergon.connector.jdbc.JdbcQueueConfig;
import dev.ergon.connector.jdbc.JdbcQueueConnector;
import dev.ergon.policy.ConsumerPolicy;
import dev.ergon.policy.LoopMode;
import dev.ergon.policy.ThreadKind;
import dev.ergon.transaction.Transaction;
import io.opentelemetry.api.OpenTelemetry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * S4: a SQL queue. Ergon's {@link JdbcQueueConnector} on PostgreSQL against a hand-written {@code
 * FOR UPDATE SKIP LOCKED} claim/delete loop at the same concurrency and batch size, and the
 * connector's embedded SQLite default on its own. A fresh table per pass, dropped afterwards.
 */
final class SqlQueueScenario extends BaseScenario {
  static final int CONCURRENCY = 8;
  static final int BATCH = 100;

  SqlQueueScenario() {
    super("s4", "S4 SQL queue", 5_000, 500, 200);
    row(
        "ergon-postgres",
        "Ergon SQL queue on PostgreSQL, continuous",
        n -> postgres(n, LoopMode.CONTINUOUS));
    row(
        "ergon-postgres-batch",
        "Ergon SQL queue on PostgreSQL, batch",
        n -> postgres(n, LoopMode.BATCH));
    row(
        "skip-locked",
        "hand-written FOR UPDATE SKIP LOCKED loop, " + CONCURRENCY + " threads",
        n -> new SkipLockedPass(n, CONCURRENCY, BATCH));
    row(
        "ergon-sqlite",
        "Ergon SQL queue on embedded SQLite (its own, no peer)",
        SqlQueueScenario::sqlite);
  }

  private static Pass postgres(int n, LoopMode mode) throws Exception {
    String table = Postgres.freshTable();
    JdbcQueueConfig config =
        JdbcQueueConfig.builder(Postgres.URL)
            .username(Postgres.USER)
            .password(Postgres.PASSWORD)
            .table(table)
            .maxBatchSize(BATCH)
            .maxPoolSize(CONCURRENCY)
            .idleWait(Duration.ZERO)
            .build();
    return ergon(new JdbcQueueConnector(config), n, mode, () -> Postgres.drop(table));
  }

  private static Pass sqlite(int n) throws Exception {
    Path dir = Files.createTempDirectory("ergon-bench-sqlite");
    JdbcQueueConfig config =
        JdbcQueueConfig.embedded(dir.resolve("queue.db"))
            .table("bench")
            .maxBatchSize(BATCH)
            .build();
    return ergon(
        new JdbcQueueConnector(config),
        n,
        LoopMode.CONTINUOUS,
        () -> {
          try (var files = Files.walk(dir)) {
            for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
              Files.deleteIfExists(p);
            }
          }
        });
  }

  /** Cleans up after a pass. */
  @FunctionalInterface
  interface Cleanup {
    void run() throws Exception;
  }

  private static Pass ergon(JdbcQueueConnector queue, int n, LoopMode mode, Cleanup cleanup)
      throws Exception {
    List<Transaction> txs = Transactions.of(n);
    for (int i = 0; i < n; i += 1_000) {
      queue.dispatchTransactions(txs.subList(i, Math.min(n, i + 1_000)));
    }
    ConsumerPolicy policy =
        ConsumerPolicy.builder("bench")
            .threads(ThreadKind.VIRTUAL)
            .mode(mode)
            .concurrency(CONCURRENCY)
            .batchSize(BATCH)
            .build();
    return new ErgonPass(new NoopHooks(), policy, queue, n, OpenTelemetry.noop(), null) {
      @Override
      public void close() throws Exception {
        super.close();
        cleanup.run();
      }
    };
  }

  @Override
  public String settings(int transactions) {
    return String.format(
        Locale.ROOT,
        "%,d rows per pass in a fresh table, no-op work; concurrency %d, batch %d; %s as %s."
            + " Ratios are to the hand-written loop (SQLite's too, though it is another database).",
        transactions,
        CONCURRENCY,
        BATCH,
        Postgres.URL,
        Postgres.USER);
  }

  @Override
  public String limitRow() {
    return "skip-locked";
  }

  @Override
  public Optional<String> unavailable() {
    return Postgres.unavailable();
  }
}
