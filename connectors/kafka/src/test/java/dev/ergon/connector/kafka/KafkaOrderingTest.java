package dev.ergon.connector.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ergon.engine.Outcome;
import dev.ergon.policy.ConsumerPolicy;
import dev.ergon.policy.LoopMode;
import dev.ergon.test.HarnessRun;
import dev.ergon.test.TaskHarness;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Under the engine at concurrency 16: with ordering {@code key}, records of one key never run at
 * once and run in offset order, while other keys run in parallel; with {@code partition}, one
 * record per partition at a time.
 */
class KafkaOrderingTest {
  private static final int KEYS = 12;
  private static final int PER_KEY = 20;
  private final String topic = Broker.unique("order");
  private final List<KafkaConnector> opened = new ArrayList<>();

  @AfterEach
  void cleanUp() {
    opened.forEach(KafkaConnector::close);
    Broker.deleteTopics(topic);
  }

  private void produce() {
    Broker.createTopic(topic, 4);
    try (Records r = new Records()) {
      for (int i = 0; i < PER_KEY; i++) {
        for (int k = 0; k < KEYS; k++) {
          r.send(topic, null, "key-" + k, "{\"key\":" + k + ",\"i\":" + i + "}");
        }
      }
      r.flush();
    }
  }

  private HarnessRun run(KafkaOrdering ordering, Check check) throws Exception {
    KafkaConnector input =
        new KafkaConnector(
            KafkaSettings.builder()
                .bootstrapServers(Broker.bootstrap())
                .topics(topic)
                .group(topic + "_" + ordering)
                .ordering(ordering)
                .clientId("order-" + ordering)
                .build());
    opened.add(input);
    return TaskHarness.of(
            () ->
                new FnConsumer(
                    tx -> {
                      check.enter(
                          tx.metadata().get("kafka.key"),
                          tx.metadata().get("kafka.partition"),
                          Long.parseLong(tx.metadata().get("kafka.offset")));
                      try {
                        Thread.sleep(ThreadLocalRandom.current().nextInt(1, 6)); // the work
                      } finally {
                        check.leave(
                            tx.metadata().get("kafka.key"), tx.metadata().get("kafka.partition"));
                      }
                      return "ok";
                    },
                    false))
        .connector("input", input)
        .policy(
            ConsumerPolicy.builder("consumer")
                .mode(LoopMode.CONTINUOUS)
                .concurrency(16)
                .batchSize(16)
                .streaming(true)
                .limit((long) KEYS * PER_KEY)
                .emptyQueueBackoff(Duration.ofMillis(10), 1.0, null)
                .build())
        .run();
  }

  /** Records what runs at once, per key and per partition, and the offsets seen per key. */
  static final class Check {
    final Map<String, AtomicInteger> perKey = new ConcurrentHashMap<>();
    final Map<String, AtomicInteger> perPartition = new ConcurrentHashMap<>();
    final Map<String, Long> lastOffset = new ConcurrentHashMap<>();
    final AtomicInteger running = new AtomicInteger();
    final AtomicInteger maxRunning = new AtomicInteger();
    final AtomicInteger maxPerKey = new AtomicInteger();
    final AtomicInteger maxPerPartition = new AtomicInteger();
    final List<String> outOfOrder = new java.util.concurrent.CopyOnWriteArrayList<>();

    void enter(String key, String partition, long offset) {
      maxPerKey.accumulateAndGet(
          perKey.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet(), Math::max);
      maxPerPartition.accumulateAndGet(
          perPartition.computeIfAbsent(partition, k -> new AtomicInteger()).incrementAndGet(),
          Math::max);
      maxRunning.accumulateAndGet(running.incrementAndGet(), Math::max);
      Long before = lastOffset.put(key, offset);
      if (before != null && before >= offset) {
        outOfOrder.add(key + ": " + offset + " after " + before);
      }
    }

    void leave(String key, String partition) {
      running.decrementAndGet();
      perKey.get(key).decrementAndGet();
      perPartition.get(partition).decrementAndGet();
    }
  }

  @Test
  void recordsOfOneKeyNeverRunAtOnceAndRunInOffsetOrderWhileOtherKeysRunInParallel()
      throws Exception {
    produce();
    Check check = new Check();
    HarnessRun run = run(KafkaOrdering.KEY, check);

    assertThat(run.count(Outcome.Kind.SUCCEEDED)).isEqualTo(KEYS * PER_KEY);
    assertThat(check.maxPerKey).hasValue(1);
    assertThat(check.outOfOrder).isEmpty();
    assertThat(check.lastOffset).hasSize(KEYS);
    assertThat(check.maxRunning.get()).as("keys in parallel").isGreaterThan(1);
  }

  @Test
  void partitionOrderingRunsOneRecordPerPartitionAtATime() throws Exception {
    produce();
    Check check = new Check();
    HarnessRun run = run(KafkaOrdering.PARTITION, check);

    assertThat(run.count(Outcome.Kind.SUCCEEDED)).isEqualTo(KEYS * PER_KEY);
    assertThat(check.maxPerPartition).hasValue(1);
    assertThat(check.outOfOrder).isEmpty();
    assertThat(check.maxRunning.get()).as("partitions in parallel").isGreaterThan(1);
  }

  @Test
  void unorderedRunsRecordsOfOneKeyAtOnce() throws Exception {
    produce();
    Check check = new Check();
    HarnessRun run = run(KafkaOrdering.UNORDERED, check);

    assertThat(run.count(Outcome.Kind.SUCCEEDED)).isEqualTo(KEYS * PER_KEY);
    assertThat(check.maxPerKey.get()).as("the control: keys do run at once").isGreaterThan(1);
  }
}
