package dev.ergon.connector.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ergon.transaction.Transaction;
import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.LoggerFactory;

/**
 * Kill -9 a worker process a third of the way through 10,000 rows, start another: every row is
 * processed at least once and acknowledged exactly once, with at most the killed worker's in-flight
 * rows processed twice.
 */
class CrashRecoveryTest {
  private static final int ROWS = 10_000;
  private static final int BATCH = 8;
  private static final int CONCURRENCY = 4;
  private static final long LEASE_MILLIS = 2_000;
  private final String table = Backend.table("crash");
  private final List<Process> processes = new ArrayList<>();

  @AfterEach
  void cleanUp() throws Exception {
    for (Process p : processes) {
      p.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    }
    Db.pgExecute("DROP TABLE IF EXISTS " + table);
    Db.pgExecute("DROP TABLE IF EXISTS " + table + "_processed");
  }

  private Process startWorker(String name) throws IOException {
    String java = ProcessHandle.current().info().command().orElse("java");
    File log = Path.of("target", table + "-" + name + ".log").toFile();
    Process p =
        new ProcessBuilder(
                java,
                "-cp",
                System.getProperty("java.class.path"),
                CrashWorker.class.getName(),
                table,
                name,
                Integer.toString(BATCH),
                Integer.toString(CONCURRENCY),
                Long.toString(LEASE_MILLIS))
            .redirectErrorStream(true)
            .redirectOutput(log)
            .start();
    processes.add(p);
    return p;
  }

  private long processed(String where) throws Exception {
    return Db.pgLong("SELECT COUNT(" + where + ") FROM " + table + "_processed");
  }

  @Test
  @Timeout(value = 2, unit = TimeUnit.MINUTES)
  void aKilledWorkersRowsComeBackAndEveryRowIsAcknowledgedExactlyOnce() throws Exception {
    Db.pgExecute("CREATE TABLE " + table + "_processed (id TEXT NOT NULL, worker TEXT NOT NULL)");
    try (JdbcQueueConnector producer = new JdbcQueueConnector(Db.postgres(table).build())) {
      producer.dispatchTransactions(
          IntStream.range(0, ROWS)
              .mapToObj(i -> Transaction.of("order-" + i, Map.of("n", i)))
              .toList());
    }

    Process first = startWorker("first");
    await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(50))
        .until(() -> processed("*") >= ROWS / 3);
    first.destroyForcibly();
    assertThat(first.waitFor(30, TimeUnit.SECONDS)).isTrue();
    long byFirst = processed("*");
    assertThat(byFirst).isLessThan(ROWS);

    Process second = startWorker("second");
    await()
        .atMost(Duration.ofSeconds(90))
        .pollInterval(Duration.ofMillis(200))
        .until(() -> Db.pgLong("SELECT COUNT(*) FROM " + table) == 0);
    second.destroyForcibly();

    long total = processed("*");
    long distinct = processed("DISTINCT id");
    assertThat(distinct).as("rows processed at least once").isEqualTo(ROWS);
    assertThat(total - distinct).as("rows processed twice").isLessThanOrEqualTo(BATCH);
    long redone =
        Db.pgLong(
            "SELECT COUNT(*) FROM (SELECT id FROM "
                + table
                + "_processed GROUP BY id HAVING COUNT(*) > 1"
                + " AND MIN(worker) = 'first' AND MAX(worker) = 'second') twice");
    LoggerFactory.getLogger(CrashRecoveryTest.class)
        .info(
            "killed after {} rows; {} processed in all, {} twice",
            byFirst,
            total,
            total - distinct);
    assertThat(redone)
        .as("duplicates are the killed worker's in-flight rows")
        .isEqualTo(total - distinct);
  }
}
