package dev.ergon.reliability;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.ergon.connector.Connector;
import dev.ergon.examples.orders.OrderQueue;
import dev.ergon.policy.ConsumerPolicy;
import dev.ergon.policy.RetryPolicy;
import dev.ergon.policy.SupervisionPolicy;
import dev.ergon.runtime.Runner;
import dev.ergon.task.ConsumerTask;
import dev.ergon.task.TaskConfig;
import dev.ergon.transaction.Transaction;
import dev.ergon.transaction.TransactionException;
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
 * batch size, and optionally every how many transactions one is poison (0, the default: none).
 */
public final class ReliabilityWorker {
  /**
   * How long the worker may stay unhealthy (its fetches failing) before the runtime's supervisor
   * shuts it down: longer than any restart of the restart scenario, so that the same process must
   * resume.
   */
  static final Duration UNHEALTHY_GRACE = Duration.ofMinutes(3);

  /** How many times the task processes a transaction before its failure is final. */
  static final int ATTEMPTS = 3;

  private ReliabilityWorker() {}

  /** Says on standard error that the connector is open, for the scenarios that wait on it. */
  private static Connector ready(Connector connector) {
    System.err.println(WorkerProcess.READY);
    return connector;
  }

  /**
   * Records the processing, then lets the engine acknowledge. With {@code poisonEvery} above 0,
   * every transaction whose number ({@code t-000100} is 100) is a multiple of it always fails, and
   * its exception handler fails too, so that the engine dead-letters it after its attempts.
   */
  static final class Recorder extends ConsumerTask<String> {
    private final String insert;
    private final String worker;
    private final int poisonEvery;

    Recorder(String insert, String worker, int poisonEvery) {
      this.insert = insert;
      this.worker = worker;
      this.poisonEvery = poisonEvery;
    }

    @Override
    public String processTransaction(Transaction tx) throws Exception {
      if (poison(tx.id(), poisonEvery)) {
        throw new IllegalStateException("transaction " + tx.id() + " is poison: it always fails");
      }
      try (Connection c = service("ledger", DataSource.class).getConnection();
          PreparedStatement ps = c.prepareStatement(insert)) {
        ps.setString(1, tx.id());
        ps.setString(2, worker);
        ps.executeUpdate();
      }
      return tx.id();
    }

    @Override
    public void handleProcessException(Transaction tx, TransactionException error)
        throws Exception {
      if (poison(tx.id(), poisonEvery)) {
        throw error; // unhandled: the engine dead-letters it
      }
      super.handleProcessException(tx, error);
    }
  }

  /**
   * Whether the transaction {@code id} ({@code t-NNNNNN}) is poison.
   *
   * @param id the id
   * @param every every how many, 0 for none
   * @return true for {@code t-000000}, {@code t-000100}… when {@code every} is 100
   */
  static boolean poison(String id, int every) {
    return every > 0 && Integer.parseInt(id.substring(2)) % every == 0;
  }

  /**
   * Runs until stopped.
   *
   * @param args backend, location, queue, ledger URL, ledger table, worker, concurrency, batch,
   *     optionally poison-every (0: none)
   */
  public static void main(String[] args) {
    if (args.length != 8 && args.length != 9) {
      System.err.println(
          "usage: ReliabilityWorker BACKEND LOCATION QUEUE LEDGER_URL LEDGER_TABLE WORKER"
              + " CONCURRENCY BATCH [POISON_EVERY]");
      Runner.exit(2);
      return;
    }
    HeapWatch.install();
    Backend backend = Backend.valueOf(args[0]);
    OrderQueue queue = backend.queue(args[1], args[2]);
    Ledger ledger = new Ledger(args[3], args[4]);
    String worker = args[5];
    int concurrency = Integer.parseInt(args[6]);
    int batch = Integer.parseInt(args[7]);
    int poisonEvery = args.length == 9 ? Integer.parseInt(args[8]) : 0;
    HikariConfig pool = new HikariConfig();
    pool.setJdbcUrl(ledger.url());
    pool.setMaximumPoolSize(concurrency);
    TaskConfig config =
        TaskConfig.builder("reliability-" + worker)
            .task(() -> new Recorder(ledger.insert(), worker, poisonEvery))
            .connector("input", () -> ready(queue.open()))
            .service("ledger", () -> new HikariDataSource(pool))
            .policy(
                ConsumerPolicy.builder("consumer")
                    .batchSize(batch)
                    .concurrency(concurrency)
                    .streaming(true)
                    .processRetry(RetryPolicy.builder().maxAttempts(ATTEMPTS).build())
                    .emptyQueueBackoff(Duration.ofMillis(50), 1.0, null)
                    .build())
            // the default (30 s of failing fetches, then a graceful shutdown) would end the worker
            // while a server of the restart scenario takes long to start on a loaded machine
            .supervision(SupervisionPolicy.builder().unhealthyGrace(UNHEALTHY_GRACE).build())
            .build();
    Runner.exit(Runner.run(config));
  }
}
