package dev.ergon.connector.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ergon.transaction.Transaction;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A backlog far larger than {@code max_in_flight}: the connector pauses its partitions, so what it
 * holds stays within the bound however large the backlog, and it resumes as records settle.
 */
class KafkaBackpressureTest {
  private static final int MAX_IN_FLIGHT = 200;
  private final String topic = Broker.unique("bp");
  private KafkaConnector c;

  @AfterEach
  void cleanUp() {
    if (c != null) {
      c.close();
    }
    Broker.deleteTopics(topic);
  }

  private long held() {
    return (Long) c.health().get("buffered") + (Integer) c.health().get("in_flight");
  }

  @Test
  void whatIsHeldDoesNotGrowWithTheBacklog() throws Exception {
    int total = 100_000;
    Broker.createTopic(topic, 2);
    try (Records r = new Records()) {
      for (int i = 0; i < total; i++) {
        r.send(topic, i % 2, null, "{\"n\":" + i + "}");
      }
      r.flush();
    }
    c =
        new KafkaConnector(
            KafkaSettings.builder()
                .bootstrapServers(Broker.bootstrap())
                .topics(topic)
                .group(topic + "_g")
                .maxInFlight(MAX_IN_FLIGHT)
                .build());
    assertThat(c.awaitAssignment(Duration.ofSeconds(30))).isTrue();
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> Boolean.TRUE.equals(c.health().get("paused")));
    await()
        .during(Duration.ofSeconds(1))
        .atMost(Duration.ofSeconds(5))
        .until(() -> held() <= 2L * MAX_IN_FLIGHT);
    assertThat(c.countTransactions()).isEqualTo(total);
    for (int i = 0; i < 5; i++) {
      for (Transaction tx : c.fetchTransactions(100)) {
        c.acknowledge(tx);
      }
      assertThat(held()).isLessThanOrEqualTo(2L * MAX_IN_FLIGHT);
    }
  }

  @Test
  void aLargeBacklogIsFetchedWithinTheBoundByPausingAndResuming() throws Exception {
    int total = 2_000;
    Broker.createTopic(topic, 2);
    try (Records r = new Records()) {
      for (int i = 0; i < total; i++) {
        r.send(topic, i % 2, null, "{\"n\":" + i + "}");
      }
      r.flush();
    }
    c =
        new KafkaConnector(
            KafkaSettings.builder()
                .bootstrapServers(Broker.bootstrap())
                .topics(topic)
                .group(topic + "_g")
                .maxInFlight(MAX_IN_FLIGHT)
                .commitInterval(Duration.ofSeconds(30)) // only the window makes it commit
                .build());
    assertThat(c.awaitAssignment(Duration.ofSeconds(30))).isTrue();

    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> Boolean.TRUE.equals(c.health().get("paused")));
    await()
        .during(Duration.ofSeconds(1))
        .atMost(Duration.ofSeconds(5))
        .until(() -> held() <= 2L * MAX_IN_FLIGHT);

    Set<String> seen = new HashSet<>();
    AtomicLong most = new AtomicLong();
    await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () -> {
              most.accumulateAndGet(held(), Math::max);
              for (Transaction tx : c.fetchTransactions(20)) {
                seen.add(tx.id());
                c.acknowledge(tx);
              }
              return seen.size() == total;
            });
    assertThat(most.get()).isLessThanOrEqualTo(2L * MAX_IN_FLIGHT);
    assertThat((Long) c.health().get("commits"))
        .as("commits driven by the window")
        .isGreaterThan(5L);
  }
}
