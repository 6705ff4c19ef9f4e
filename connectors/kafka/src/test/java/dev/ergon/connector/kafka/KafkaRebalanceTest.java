package dev.ergon.connector.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ergon.transaction.Transaction;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A second consumer joins and leaves: partitions move, nothing is lost, and a record of a partition
 * revoked while it was in flight is not settled by its old owner (the new owner gets it).
 */
class KafkaRebalanceTest {
  private final String topic = Broker.unique("rebal");
  private final String group = topic + "_g";
  private final List<KafkaConnector> opened = new ArrayList<>();

  @AfterEach
  void cleanUp() {
    opened.forEach(KafkaConnector::close);
    Broker.deleteTopics(topic);
  }

  private KafkaConnector consumer(String name) throws Exception {
    return consumer(name, "classic");
  }

  private KafkaConnector consumer(String name, String protocol) throws Exception {
    KafkaConnector c =
        new KafkaConnector(
            KafkaSettings.builder()
                .bootstrapServers(Broker.bootstrap())
                .topics(topic)
                .group(group)
                .commitInterval(Duration.ofMillis(200))
                .clientId(name)
                .property("group.protocol", protocol)
                .build());
    opened.add(c);
    assertThat(c.awaitAssignment(Duration.ofSeconds(30))).isTrue();
    return c;
  }

  private static int assigned(KafkaConnector c) {
    return (Integer) c.health().get("assigned_partitions");
  }

  @ParameterizedTest
  @ValueSource(strings = {"classic", "consumer"})
  void aSettlementOnARevokedPartitionIsDroppedAndTheNewOwnerGetsTheRecord(String protocol)
      throws Exception {
    Broker.createTopic(topic, 2);
    try (Records r = new Records()) {
      for (int i = 0; i < 20; i++) {
        r.send(topic, i % 2, null, "{\"n\":" + i + "}");
      }
      r.flush();
    }
    KafkaConnector a = consumer("rebal-a", protocol);
    await().atMost(Duration.ofSeconds(20)).until(() -> assigned(a) == 2);
    List<Transaction> held = new ArrayList<>();
    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () -> {
              held.addAll(a.fetchTransactions(20));
              return held.size() == 20;
            });

    KafkaConnector b = consumer("rebal-b", protocol);
    await().atMost(Duration.ofSeconds(30)).until(() -> assigned(a) == 1 && assigned(b) == 1);
    for (Transaction tx : held) {
      a.acknowledge(tx); // half of them are on the partition that moved to b
    }

    assertThat(a.health()).containsEntry("dropped_settlements", 10L);
    Set<String> toB = new HashSet<>();
    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () -> {
              for (Transaction tx : b.fetchTransactions(20)) {
                toB.add(
                    tx.metadata().get("kafka.partition") + "/" + tx.metadata().get("kafka.offset"));
                b.acknowledge(tx);
              }
              return toB.size() == 10;
            });
    String moved = toB.iterator().next().split("/")[0];
    assertThat(toB)
        .isEqualTo(
            IntStream.range(0, 10).mapToObj(o -> moved + "/" + o).collect(Collectors.toSet()));
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> Broker.committed(group, topic).equals(Map.of(0, 10L, 1, 10L)));

    b.close(); // b leaves: a owns both again, and gets what comes next
    await().atMost(Duration.ofSeconds(30)).until(() -> assigned(a) == 2);
    a.dispatchTransactions(
        List.of(
            Transaction.of("after-1", Map.of("n", 1)), Transaction.of("after-2", Map.of("n", 2))));
    Set<String> later = new HashSet<>();
    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () -> {
              for (Transaction tx : a.fetchTransactions(10)) {
                later.add(tx.id());
                a.acknowledge(tx);
              }
              return later.size() >= 2;
            });
    assertThat(later).containsExactlyInAnyOrder("after-1", "after-2");
  }

  @Test
  void aConsumerJoiningAndLeavingMidRunLosesNothingAndNoCommitIsEverAheadOfSettlement()
      throws Exception {
    int total = 2_000;
    Broker.createTopic(topic, 4);
    try (Records r = new Records()) {
      for (int i = 0; i < total; i++) {
        r.send(topic, i % 4, "k" + (i % 50), "{\"n\":" + i + "}");
      }
      r.flush();
    }
    Set<String> seen = ConcurrentHashMap.newKeySet();
    // all along, every offset below a committed offset was settled (seen is filled before acks)
    List<String> aheadOfSettlement = new java.util.concurrent.CopyOnWriteArrayList<>();
    AtomicBoolean stopChecks = new AtomicBoolean();
    Thread checker =
        Thread.ofPlatform()
            .start(
                () -> {
                  while (!stopChecks.get()) {
                    try {
                      Broker.committed(group, topic)
                          .forEach(
                              (p, committed) -> {
                                for (long o = 0; o < committed; o++) {
                                  if (!seen.contains(p + "/" + o)) {
                                    aheadOfSettlement.add(p + "/" + o + " < " + committed);
                                  }
                                }
                              });
                    } catch (Exception e) {
                      aheadOfSettlement.add("cannot read the committed offsets: " + e);
                    }
                  }
                });
    KafkaConnector a = consumer("flow-a");
    AtomicBoolean stopA = new AtomicBoolean();
    Thread ta = Thread.ofPlatform().start(() -> drain(a, seen, stopA));
    await().atMost(Duration.ofSeconds(30)).until(() -> seen.size() >= 400);

    KafkaConnector b = consumer("flow-b");
    AtomicBoolean stopB = new AtomicBoolean();
    Thread tb = Thread.ofPlatform().start(() -> drain(b, seen, stopB));
    await().atMost(Duration.ofSeconds(30)).until(() -> seen.size() >= 1_200 && assigned(b) > 0);
    stopB.set(true);
    tb.join(Duration.ofSeconds(20));
    b.close();

    await().atMost(Duration.ofSeconds(60)).until(() -> seen.size() == total);
    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () ->
                Broker.committed(group, topic).equals(Map.of(0, 500L, 1, 500L, 2, 500L, 3, 500L)));
    stopA.set(true);
    ta.join(Duration.ofSeconds(20));
    stopChecks.set(true);
    checker.join(Duration.ofSeconds(20));
    assertThat(aheadOfSettlement).isEmpty();
    assertThat(seen)
        .isEqualTo(
            IntStream.range(0, total)
                .mapToObj(i -> (i % 4) + "/" + (i / 4))
                .collect(Collectors.toSet()));
  }

  /** Fetches and settles with a little random work, until told to stop. */
  private static void drain(KafkaConnector c, Set<String> seen, AtomicBoolean stop) {
    try {
      while (!stop.get()) {
        for (Transaction tx : c.fetchTransactions(50)) {
          if (ThreadLocalRandom.current().nextInt(20) == 0) {
            Thread.sleep(1);
          }
          seen.add(tx.metadata().get("kafka.partition") + "/" + tx.metadata().get("kafka.offset"));
          c.acknowledge(tx);
        }
      }
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
