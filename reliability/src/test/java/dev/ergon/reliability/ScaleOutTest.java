package dev.ergon.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The scale-out scenario in CI: three worker processes at once on one queue of the shared
 * PostgreSQL or RabbitMQ (3,000 transactions; {@code ./ergon reliability} runs 10,000). Without a
 * fault, the work splits with nothing lost and nothing processed twice.
 */
class ScaleOutTest {
  private static final int TRANSACTIONS = 3_000;
  private static final int CONCURRENCY = 8;
  private static final int WORKERS = 3;

  @TempDir static Path dir;
  private static Scenarios scenarios;

  @BeforeAll
  static void start() {
    scenarios = new Scenarios(dir, Ledger.DEFAULT_URL, CONCURRENCY, 25);
  }

  @AfterAll
  static void stop() {
    scenarios.close();
  }

  @ParameterizedTest
  @EnumSource(
      value = Backend.class,
      names = {"POSTGRES", "RABBITMQ"})
  void threeWorkersSplitTheWorkWithNothingLostAndNothingTwice(Backend b) throws Exception {
    Result r = scenarios.scaleOut(b, TRANSACTIONS, WORKERS);

    assertThat(r.lost()).isZero();
    assertThat(r.duplicates()).isZero();
    assertThat(r.exitCode()).isEqualTo(143);
    assertThat(r.note()).startsWith("shares ").contains("a ", "b ", "c ");
    assertThat(r.passed()).isTrue();
  }
}
