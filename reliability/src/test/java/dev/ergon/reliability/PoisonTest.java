package dev.ergon.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The poison scenario in CI: 1 % of 2,000 transactions always fail and must end in the backend's
 * dead letters after their attempts, the rest processed once each, on the SQL queue (PostgreSQL),
 * RabbitMQ, NATS (about 6 s) and Kafka (about 10 s, its broker in this JVM); {@code ./ergon
 * reliability} also runs SQLite, Redis and SQS (SQS takes about 23 s here, over the CI budget per
 * row). Needs the shared PostgreSQL, RabbitMQ and NATS.
 */
class PoisonTest {
  private static final int TRANSACTIONS = 2_000;

  @TempDir static Path dir;
  private static Scenarios scenarios;

  @BeforeAll
  static void start() {
    scenarios = new Scenarios(dir, Ledger.DEFAULT_URL, 8, 25);
  }

  @AfterAll
  static void stop() {
    scenarios.close();
  }

  @Test
  void onePercentOfTheIdsArePoison() {
    assertThat(ReliabilityWorker.poison("t-000000", Poison.EVERY)).isTrue();
    assertThat(ReliabilityWorker.poison("t-001900", Poison.EVERY)).isTrue();
    assertThat(ReliabilityWorker.poison("t-001901", Poison.EVERY)).isFalse();
    assertThat(ReliabilityWorker.poison("t-001900", 0)).isFalse();
  }

  @ParameterizedTest
  @EnumSource(
      value = Backend.class,
      names = {"POSTGRES", "RABBITMQ", "NATS", "KAFKA", "HTTP"})
  void poisonTransactionsAreDeadLetteredAfterTheirAttemptsAndTheRestProcessedOnce(Backend b)
      throws Exception {
    Result r = scenarios.poison(b, TRANSACTIONS);

    assertThat(r.note()).isEqualTo("dead letters 20 of 20 poison");
    assertThat(r.lost()).isZero();
    assertThat(r.duplicates()).isZero();
    assertThat(r.exitCode()).isEqualTo(143);
  }
}
