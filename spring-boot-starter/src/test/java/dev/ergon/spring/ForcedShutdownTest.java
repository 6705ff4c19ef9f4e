package dev.ergon.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ergon.cli.TaskDefinition;
import dev.ergon.connector.jdbc.JdbcQueueConfig;
import dev.ergon.connector.jdbc.JdbcQueueConnector;
import dev.ergon.policy.ConsumerPolicy;
import dev.ergon.task.ConsumerTask;
import dev.ergon.task.TaskConfig;
import dev.ergon.transaction.Transaction;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;

/**
 * A task that blocks past {@code spring.lifecycle.timeout-per-shutdown-phase}: closing the context
 * does not wait for it beyond the phase timeout, and its transaction, in flight on the SQLite SQL
 * queue, is released with the connector (not acknowledged, not lost) and claimable at once.
 */
class ForcedShutdownTest {
  static final Duration PHASE_TIMEOUT = Duration.ofSeconds(2);
  static final CountDownLatch STARTED = new CountDownLatch(1);
  static final CountDownLatch RELEASE = new CountDownLatch(1);

  @TempDir Path dir;

  /** Blocks on every transaction until the test releases it. */
  public static final class Blocking extends ConsumerTask<String> {
    @Override
    public String processTransaction(Transaction tx) throws Exception {
      STARTED.countDown();
      RELEASE.await(120, TimeUnit.SECONDS);
      return tx.id();
    }
  }

  /** The application: one task on the SQL queue, its file from the task's settings. */
  @SpringBootApplication
  static class App {
    @Bean
    TaskDefinition blocking() {
      return TaskDefinition.of(
          "blocking",
          settings -> {
            JdbcQueueConfig queue =
                queueConfig(Path.of((String) settings.connector("input").get("file")));
            return TaskConfig.builder("blocking")
                .task(Blocking::new)
                .connector("input", () -> new JdbcQueueConnector(queue))
                .policy(ConsumerPolicy.builder("consumer").streaming(true).build())
                .build();
          });
    }
  }

  static JdbcQueueConfig queueConfig(Path file) {
    return JdbcQueueConfig.embedded(file).table("jobs").build();
  }

  @AfterEach
  void release() {
    RELEASE.countDown();
  }

  @Test
  void closingTheContextForcesATaskStuckPastThePhaseTimeoutAndItsTransactionStaysClaimable()
      throws Exception {
    Path file = dir.resolve("queue.db");
    try (JdbcQueueConnector q = new JdbcQueueConnector(queueConfig(file))) {
      q.dispatchTransactions(List.of(Transaction.of("stuck", "{}")));
    }
    ConfigurableApplicationContext context =
        new SpringApplicationBuilder(App.class)
            .web(WebApplicationType.NONE)
            .properties(
                "ergon.tasks.blocking.connectors.input.file=" + file,
                "spring.lifecycle.timeout-per-shutdown-phase=" + PHASE_TIMEOUT.toSeconds() + "s")
            .run();
    assertThat(STARTED.await(60, TimeUnit.SECONDS)).isTrue();

    long t0 = System.nanoTime();
    context.close();
    Duration took = Duration.ofNanos(System.nanoTime() - t0);

    assertThat(took)
        .isGreaterThanOrEqualTo(PHASE_TIMEOUT)
        .isLessThan(PHASE_TIMEOUT.plusSeconds(15));
    try (JdbcQueueConnector q = new JdbcQueueConnector(queueConfig(file))) {
      assertThat(q.countTransactions()).as("the row is still there").isEqualTo(1);
      List<Transaction> again =
          await()
              .atMost(Duration.ofSeconds(30))
              .until(() -> q.fetchTransactions(1), l -> !l.isEmpty());
      assertThat(again).extracting(Transaction::id).containsExactly("stuck");
      q.acknowledge(again.get(0));
    }
  }
}
