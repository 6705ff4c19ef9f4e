package dev.ergon.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The backlog scenario: {@code -Dergon.backlog.transactions} (CI: 20,000, about 13 s; {@code
 * -Psoak}: 1,000,000) transactions waiting in the SQL queue on PostgreSQL, drained by one worker
 * process with {@code -Xmx256m}: no OOM, nothing lost or repeated, peak heap after GC within {@link
 * Backlog#HEAP_BOUND_MB}. Needs the shared PostgreSQL.
 */
class BacklogTest {
  private static final int TRANSACTIONS = Integer.getInteger("ergon.backlog.transactions", 20_000);

  @TempDir static Path dir;
  private static Scenarios scenarios;

  @BeforeAll
  static void start() {
    scenarios = new Scenarios(dir, Ledger.DEFAULT_URL, 16, 50);
  }

  @AfterAll
  static void stop() {
    scenarios.close();
  }

  @Test
  void aWorkerWithA256MegabyteHeapDrainsTheBacklogWithItsHeapBoundedByPrefetchNotBacklog()
      throws Exception {
    Result r = scenarios.backlog(Backend.POSTGRES, TRANSACTIONS);

    System.err.println("… backlog: " + r.note() + ", drained in " + r.timeToFinish());
    assertThat(r.lost()).isZero();
    assertThat(r.duplicates()).isZero();
    assertThat(r.exitCode()).as("the worker's exit on SIGTERM (3: OOM)").isEqualTo(143);
    assertThat(r.limitsMet()).as(r.note()).isTrue();
  }
}
