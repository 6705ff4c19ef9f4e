package dev.ergon.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The fast subset of the reliability suite, in CI: kill -9 and SIGTERM of a real worker process
 * mid-run on every connector (2,000 transactions each; {@code -Dergon.faults.transactions}, 10,000
 * under {@code -Psoak} and in {@code ./ergon reliability}). Needs PostgreSQL, RabbitMQ and NATS on
 * their standard ports; SQS and Kafka run on servers in this JVM.
 */
class FaultsTest {
  private static final int TRANSACTIONS = Integer.getInteger("ergon.faults.transactions", 2_000);
  private static final int CONCURRENCY = 8;

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
  @EnumSource(Backend.class)
  void aKilledWorkerLosesNothingAndItsSuccessorDuplicatesAtMostWhatWasInFlight(Backend b)
      throws Exception {
    Result r = scenarios.kill(b, TRANSACTIONS);

    assertThat(r.exitCode()).isEqualTo(137);
    assertThat(r.lost()).isZero();
    assertThat(r.duplicates()).isLessThanOrEqualTo(b.inFlightBound(CONCURRENCY));
    assertThat(r.passed()).isTrue();
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void aTerminatedWorkerExits143WithEverythingSettledSoNothingRunsTwice(Backend b)
      throws Exception {
    Result r = scenarios.sigterm(b, TRANSACTIONS);

    assertThat(r.exitCode()).isEqualTo(143);
    assertThat(r.lost()).isZero();
    assertThat(r.duplicates()).isZero();
  }
}
