package dev.ergon.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The restart scenario in CI (2,000 transactions; {@code ./ergon reliability} runs 10,000): the
 * queue on a PostgreSQL cluster, a second RabbitMQ node, a NATS or a Redis server or a Kafka broker
 * (a KRaft node in a JVM of its own) this test starts for itself, stopped once a quarter is
 * processed and started again after the worker logged failures to reach it; the same worker process
 * must resume and finish. Needs the PostgreSQL binaries under {@code /usr/lib/postgresql}
 * RabbitMQ's under {@code /usr/lib/rabbitmq/bin}, {@code /usr/sbin/nats-server} and {@code
 * /usr/bin/redis-server}; the ledger is on the shared PostgreSQL (5432). The shared services are
 * never stopped.
 */
class RestartsTest {
  private static final int TRANSACTIONS = 2_000;
  private static final int CONCURRENCY = 8;
  // batch = concurrency keeps the SQL queue's drain short: during the outage every held row is
  // still processed and its acknowledgement waits the pool's 10 s connect timeout before failing
  private static final int BATCH = 8;

  @TempDir static Path dir;
  private static Scenarios scenarios;

  @BeforeAll
  static void start() {
    scenarios = new Scenarios(dir, Ledger.DEFAULT_URL, CONCURRENCY, BATCH);
  }

  @AfterAll
  static void stop() {
    scenarios.close();
  }

  @ParameterizedTest
  @EnumSource(
      value = Backend.class,
      names = {"POSTGRES", "RABBITMQ", "NATS", "REDIS", "KAFKA", "HTTP"})
  void theSameWorkerResumesByItselfAfterItsServerRestartsAndLosesNothing(Backend b)
      throws Exception {
    Result r = scenarios.restart(b, TRANSACTIONS);

    assertThat(r.lost()).isZero();
    assertThat(r.duplicates()).isLessThanOrEqualTo(b.outageBound(CONCURRENCY, BATCH));
    assertThat(r.exitCode()).as("the worker's exit on SIGTERM at the end").isEqualTo(143);
    assertThat(r.resumed())
        .hasValueSatisfying(d -> assertThat(d).isLessThan(Duration.ofMinutes(1)));
    assertThat(r.passed()).isTrue();
  }

  @ParameterizedTest
  @EnumSource(
      value = Backend.class,
      names = {"SQS"})
  @EnabledIfSystemProperty(named = "ergon.restart.jvm-servers", matches = "true")
  void theSameWorkerResumesAfterItsJvmServerRestarts(Backend b) throws Exception {
    theSameWorkerResumesByItselfAfterItsServerRestartsAndLosesNothing(b);
  }
}
