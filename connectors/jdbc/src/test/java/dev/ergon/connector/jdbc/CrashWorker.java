package dev.ergon.connector.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.ergon.engine.Worker;
import dev.ergon.policy.ConsumerPolicy;
import dev.ergon.task.ConsumerTask;
import dev.ergon.task.TaskConfig;
import dev.ergon.transaction.Transaction;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import javax.sql.DataSource;

/**
 * A worker process for {@link CrashRecoveryTest}: consumes a PostgreSQL queue table for ever and
 * records each processed id in {@code <table>_processed}. Arguments: table, worker name, batch
 * size, concurrency, lease milliseconds.
 */
public final class CrashWorker {
  private CrashWorker() {}

  /** Records each transaction it processes, then lets the engine acknowledge it. */
  static final class Recorder extends ConsumerTask<String> {
    private final String table;
    private final String worker;

    Recorder(String table, String worker) {
      this.table = table;
      this.worker = worker;
    }

    @Override
    public String processTransaction(Transaction tx) throws Exception {
      try (Connection c = service("sink", DataSource.class).getConnection();
          PreparedStatement ps =
              c.prepareStatement(
                  "INSERT INTO " + table + "_processed (id, worker) VALUES (?, ?)")) {
        ps.setString(1, tx.id());
        ps.setString(2, worker);
        ps.executeUpdate();
      }
      return tx.id();
    }
  }

  /**
   * Runs until killed.
   *
   * @param args table, worker name, batch size, concurrency, lease milliseconds
   */
  public static void main(String[] args) {
    String table = args[0];
    String worker = args[1];
    int batch = Integer.parseInt(args[2]);
    int concurrency = Integer.parseInt(args[3]);
    Duration lease = Duration.ofMillis(Long.parseLong(args[4]));
    HikariConfig sink = new HikariConfig();
    sink.setJdbcUrl(Db.PG_URL);
    sink.setUsername(Db.PG_USER);
    sink.setMaximumPoolSize(concurrency);
    JdbcQueueConfig queue = Db.postgres(table).leaseDuration(lease).build();
    TaskConfig config =
        TaskConfig.builder("crash-" + worker)
            .task(() -> new Recorder(table, worker))
            .connector("input", () -> new JdbcQueueConnector(queue))
            .service("sink", () -> new HikariDataSource(sink))
            .policy(
                ConsumerPolicy.builder("consumer")
                    .batchSize(batch)
                    .concurrency(concurrency)
                    .streaming(true)
                    .emptyQueueBackoff(Duration.ofMillis(50), 1.0, null)
                    .build())
            .build();
    try (Worker w = Worker.start(config)) {
      w.execute();
    }
  }
}
