package dev.ergon.reliability;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.ergon.examples.orders.OrderQueue;
import dev.ergon.policy.ConsumerPolicy;
import dev.ergon.runtime.Runner;
import dev.ergon.task.ConsumerTask;
import dev.ergon.task.TaskConfig;
import dev.ergon.transaction.Transaction;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import javax.sql.DataSource;

/**
 * A worker process of the reliability scenarios: consumes one queue for ever (streaming), records
 * each transaction it processes in the {@link Ledger} before the engine settles it, and stops the
 * way the runtime does on SIGTERM (exit 143) or dies on SIGKILL.
 *
 * <p>Arguments: backend, location, queue name, ledger URL, ledger table, worker name, concurrency,
 * batch size.
 */
public final class ReliabilityWorker {
  private ReliabilityWorker() {}

  /** Records the processing, then lets the engine acknowledge. */
  static final class Recorder extends ConsumerTask<String> {
    private final String insert;
    private final String worker;

    Recorder(String insert, String worker) {
      this.insert = insert;
      this.worker = worker;
    }

    @Override
    public String processTransaction(Transaction tx) throws Exception {
      try (Connection c = service("ledger", DataSource.class).getConnection();
          PreparedStatement ps = c.prepareStatement(insert)) {
        ps.setString(1, tx.id());
        ps.setString(2, worker);
        ps.executeUpdate();
      }
      return tx.id();
    }
  }

  /**
   * Runs until stopped.
   *
   * @param args backend, location, queue, ledger URL, ledger table, worker, concurrency, batch
   */
  public static void main(String[] args) {
    if (args.length != 8) {
      System.err.println(
          "usage: ReliabilityWorker BACKEND LOCATION QUEUE LEDGER_URL LEDGER_TABLE WORKER"
              + " CONCURRENCY BATCH");
      Runner.exit(2);
      return;
    }
    Backend backend = Backend.valueOf(args[0]);
    OrderQueue queue = backend.queue(args[1], args[2]);
    Ledger ledger = new Ledger(args[3], args[4]);
    String worker = args[5];
    int concurrency = Integer.parseInt(args[6]);
    int batch = Integer.parseInt(args[7]);
    HikariConfig pool = new HikariConfig();
    pool.setJdbcUrl(ledger.url());
    pool.setMaximumPoolSize(concurrency);
    TaskConfig config =
        TaskConfig.builder("reliability-" + worker)
            .task(() -> new Recorder(ledger.insert(), worker))
            .connector("input", queue::open)
            .service("ledger", () -> new HikariDataSource(pool))
            .policy(
                ConsumerPolicy.builder("consumer")
                    .batchSize(batch)
                    .concurrency(concurrency)
                    .streaming(true)
                    .emptyQueueBackoff(Duration.ofMillis(50), 1.0, null)
                    .build())
            .build();
    Runner.exit(Runner.run(config));
  }
}
