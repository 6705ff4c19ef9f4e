package dev.ergon.connector.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ergon.transaction.Transaction;
import io.lettuce.core.Consumer;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.XClaimArgs;
import io.lettuce.core.XGroupCreateArgs;
import io.lettuce.core.XReadArgs;
import io.lettuce.core.XReadArgs.StreamOffset;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.models.stream.PendingMessage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Redis trap: a consumer that dies holding pending entries must not lose them. A worker process
 * fetches 30 entries and is killed with SIGKILL without acknowledging any; another consumer gets
 * all 30 after min_idle, by XAUTOCLAIM. In front of them in the pending entries list sit 25 entries
 * of a live consumer that keeps them fresh, and the survivor claims with COUNT 2 (so one XAUTOCLAIM
 * looks at 20 entries at most): only a connector that walks the cursor past the live consumer's
 * entries ever reaches the dead one's.
 */
class RedisKillTest {
  private static final int DEAD = 30;
  private static final int LIVE = 25;
  private static final Duration MIN_IDLE = Duration.ofMillis(1500);

  private final String stream = TestRedis.unique("ergon_kill");
  private final TestRedis redis = new TestRedis();
  private final List<Process> processes = new ArrayList<>();
  private final List<RedisConnector> opened = new ArrayList<>();
  private final ScheduledExecutorService liveConsumer =
      Executors.newSingleThreadScheduledExecutor();
  @TempDir Path dir;

  @AfterEach
  void cleanUp() throws Exception {
    liveConsumer.shutdownNow();
    processes.forEach(Process::destroyForcibly);
    opened.forEach(RedisConnector::close);
    redis.delete(stream, stream + ".dead");
    redis.close();
  }

  @Test
  @SuppressWarnings("unchecked") // xreadgroup's generic varargs
  void aKilledConsumersPendingEntriesAreReclaimedByWalkingTheWholeCursor() throws Exception {
    RedisCommands<String, String> raw = redis.service().commands();
    raw.xgroupCreate(
        StreamOffset.from(stream, "0"), TestRedis.GROUP, XGroupCreateArgs.Builder.mkstream());
    // a live consumer holds the first 25 entries and keeps them fresh
    for (int i = 0; i < LIVE; i++) {
      raw.xadd(stream, Map.of("id", "live-" + i, "payload", "{}"));
    }
    Consumer<String> live = Consumer.from(TestRedis.GROUP, "live");
    String[] liveIds =
        raw
            .xreadgroup(live, XReadArgs.Builder.count(LIVE), StreamOffset.lastConsumed(stream))
            .stream()
            .map(StreamMessage::getId)
            .toArray(String[]::new);
    assertThat(liveIds).hasSize(LIVE);
    liveConsumer.scheduleWithFixedDelay(
        () -> raw.xclaim(stream, live, new XClaimArgs().minIdleTime(0).justid(), liveIds),
        0,
        200,
        TimeUnit.MILLISECONDS);

    RedisConnector survivor =
        new RedisConnector(TestRedis.settings(stream).minIdle(MIN_IDLE).reclaimCount(2).build());
    opened.add(survivor);
    List<Transaction> txs = new ArrayList<>();
    for (int i = 0; i < DEAD; i++) {
      txs.add(Transaction.of("k-" + i, Map.of("n", i)));
    }
    survivor.dispatchTransactions(txs);

    Path held = dir.resolve("held.txt");
    Process worker = start(held);
    await().atMost(Duration.ofSeconds(60)).until(() -> lines(held).size() >= DEAD);
    // held past min_idle: the dead-to-be worker's heartbeat keeps them
    await()
        .during(Duration.ofSeconds(3))
        .atMost(Duration.ofSeconds(20))
        .until(() -> pendingOf("doomed") == DEAD && lines(held).size() == DEAD);
    worker.destroyForcibly().waitFor();

    Map<String, String> deliveries = new HashMap<>();
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () -> {
              for (Transaction tx : survivor.fetchTransactions(10)) {
                deliveries.put(tx.id(), tx.metadata().get("redis.delivery_count"));
                survivor.acknowledge(tx);
              }
              return deliveries.size() >= DEAD;
            });

    assertThat(deliveries.keySet())
        .containsExactlyInAnyOrderElementsOf(
            IntStream.range(0, DEAD).mapToObj(i -> "k-" + i).toList());
    assertThat(deliveries.values()).containsOnly("2");
    assertThat(lines(held)).containsExactlyInAnyOrderElementsOf(deliveries.keySet());
    // the live consumer's entries were never taken; nothing else is pending
    assertThat(pendingOf("live")).isEqualTo(LIVE);
    assertThat(redis.pending(stream)).isEqualTo(LIVE);
    assertThat(survivor.health()).containsEntry("reclaimed", (long) DEAD);
  }

  private long pendingOf(String consumerName) {
    List<PendingMessage> p =
        redis
            .service()
            .commands()
            .xpending(
                stream,
                Consumer.from(TestRedis.GROUP, consumerName),
                io.lettuce.core.Range.create("-", "+"),
                io.lettuce.core.Limit.from(1000));
    return p.size();
  }

  private Process start(Path held) throws IOException {
    String java = ProcessHandle.current().info().command().orElse("java");
    Process p =
        new ProcessBuilder(
                java,
                "-cp",
                System.getProperty("java.class.path"),
                ConsumerProcess.class.getName(),
                stream,
                held.toString(),
                String.valueOf(DEAD),
                String.valueOf(MIN_IDLE.toMillis()))
            .redirectErrorStream(true)
            .redirectOutput(Path.of("target", "kill-test-worker.log").toFile())
            .start();
    processes.add(p);
    return p;
  }

  private static List<String> lines(Path file) throws IOException {
    if (!Files.exists(file)) {
      return List.of();
    }
    return Files.readAllLines(file).stream().filter(l -> !l.isBlank()).toList();
  }
}
