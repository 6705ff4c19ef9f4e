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
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A Spring Boot application whose task consumes the SQL queue on SQLite (a temp file): the queue's
 * file and table come from {@code ergon.tasks.orders.connectors.input.…}, the concurrency from
 * {@code ergon.tasks.orders.policies…}; stopping the context's lifecycle (as closing does) drains
 * the transaction in flight.
 */
@SpringBootTest(
    classes = SqlQueueApplicationTest.App.class,
    properties = {
      "ergon.tasks.orders.connectors.input.table=orders",
      "ergon.tasks.orders.policies.consumer.loop.concurrency.value=4",
      "spring.lifecycle.timeout-per-shutdown-phase=60s"
    })
@DirtiesContext
class SqlQueueApplicationTest {
  @TempDir static Path dir;

  static final Set<String> PROCESSED = ConcurrentHashMap.newKeySet();
  static final CountDownLatch SLOW_STARTED = new CountDownLatch(1);
  static final CountDownLatch RELEASE_SLOW = new CountDownLatch(1);

  @DynamicPropertySource
  static void queueFile(DynamicPropertyRegistry registry) {
    registry.add("ergon.tasks.orders.connectors.input.file", () -> file().toString());
  }

  static Path file() {
    return dir.resolve("queue.db");
  }

  /** Records each order; the one named "slow" waits until the test releases it. */
  public static final class Orders extends ConsumerTask<String> {
    @Override
    public String processTransaction(Transaction tx) throws Exception {
      if (tx.id().equals("slow")) {
        SLOW_STARTED.countDown();
        RELEASE_SLOW.await(60, TimeUnit.SECONDS);
      }
      PROCESSED.add(tx.id());
      return tx.id();
    }
  }

  /** The application: one task definition built from its settings. */
  @SpringBootApplication
  static class App {
    @Bean
    TaskDefinition orders() {
      return TaskDefinition.of(
          "orders",
          settings -> {
            var input = settings.connector("input");
            JdbcQueueConfig queue =
                JdbcQueueConfig.embedded(Path.of((String) input.get("file")))
                    .table((String) input.get("table"))
                    .build();
            return TaskConfig.builder("orders")
                .task(Orders::new)
                .connector("input", () -> new JdbcQueueConnector(queue))
                .policy(ConsumerPolicy.builder("consumer").streaming(true).build())
                .build();
          });
    }
  }

  @Autowired ConfigurableApplicationContext context;
  @Autowired ErgonTasks tasks;

  private static JdbcQueueConnector queue() {
    return new JdbcQueueConnector(JdbcQueueConfig.embedded(file()).table("orders").build());
  }

  @Test
  void processesTransactionsThroughTheSqlQueueAndDrainsInFlightWorkWhenTheContextStops()
      throws Exception {
    assertThat(tasks.tasks().get(0).policies())
        .first()
        .satisfies(p -> assertThat(((ConsumerPolicy) p).loop().concurrency().value()).isEqualTo(4));
    List<String> ids = IntStream.range(0, 20).mapToObj(i -> "order-" + i).toList();
    try (JdbcQueueConnector q = queue()) {
      q.dispatchTransactions(ids.stream().map(id -> Transaction.of(id, "{}")).toList());
      await().atMost(Duration.ofSeconds(60)).until(() -> PROCESSED.containsAll(ids));
      await().atMost(Duration.ofSeconds(30)).until(() -> q.countTransactions() == 0);

      q.dispatchTransactions(List.of(Transaction.of("slow", "{}")));
      assertThat(SLOW_STARTED.await(60, TimeUnit.SECONDS)).isTrue();
      // the lifecycle processor's stop, as on close (the test framework closes the context after
      // the class, which is also when this context would be closed in an application)
      Thread closer = Thread.ofPlatform().start(context::stop);
      await().atMost(Duration.ofSeconds(30)).until(() -> !tasks.isRunning());
      assertThat(closer.isAlive()).as("the stop waits for the transaction in flight").isTrue();
      assertThat(PROCESSED).doesNotContain("slow");
      RELEASE_SLOW.countDown();
      closer.join(Duration.ofSeconds(60));

      assertThat(closer.isAlive()).isFalse();
      assertThat(PROCESSED).contains("slow");
      assertThat(q.countTransactions()).as("the drained transaction was acknowledged").isZero();
      assertThat(q.deadLettered()).isEmpty();
    }
  }
}
