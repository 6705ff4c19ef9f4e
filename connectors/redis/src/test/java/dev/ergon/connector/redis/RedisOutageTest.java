package dev.ergon.connector.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.ergon.connector.ConnectionLostException;
import dev.ergon.transaction.Transaction;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An own redis-server (append-only file, fsync always) is killed while the connector holds entries,
 * and started again on the same port and directory: settlement during the outage reports a lost
 * connection, fetch fails clearly, the client reconnects by itself, and every entry is acknowledged
 * in the end (the one whose acknowledgement was lost comes back by reclaim): 0 lost.
 */
class RedisOutageTest {
  private static final int TOTAL = 20;

  @TempDir Path dir;

  @Test
  void theConnectorReconnectsAfterTheServerRestartsAndNothingIsLost() throws Exception {
    try (OwnRedis own = new OwnRedis(dir, null, true)) {
      RedisConnector c =
          new RedisConnector(
              TestRedis.settings("orders")
                  .uri(own.uri())
                  .minIdle(Duration.ofSeconds(1))
                  .commandTimeout(Duration.ofSeconds(2))
                  .build());
      try {
        List<Transaction> txs = new ArrayList<>();
        for (int i = 0; i < TOTAL; i++) {
          txs.add(Transaction.of("o-" + i, Map.of("n", i)));
        }
        c.dispatchTransactions(txs);
        Set<String> acked = new HashSet<>();
        List<Transaction> held = new ArrayList<>();
        await()
            .atMost(Duration.ofSeconds(10))
            .until(
                () -> {
                  held.addAll(c.fetchTransactions(5 - held.size()));
                  return held.size() == 5;
                });
        for (Transaction tx : held.subList(0, 3)) {
          c.acknowledge(tx);
          acked.add(tx.id());
        }

        own.kill();
        await()
            .atMost(Duration.ofSeconds(10))
            .until(() -> "disconnected".equals(c.health().get("state")));
        Transaction lostAck = held.get(3);
        assertThatThrownBy(() -> c.acknowledge(lostAck))
            .isInstanceOf(ConnectionLostException.class)
            .hasMessageContaining(lostAck.id())
            .hasMessageContaining("reclaimed after min_idle");
        assertThatThrownBy(() -> c.fetchTransactions(5))
            .isInstanceOf(RedisConnectorException.class)
            .hasMessageContaining("fetch failed");

        own.start();
        await()
            .atMost(Duration.ofSeconds(20))
            .until(() -> "connected".equals(c.health().get("state")));
        c.acknowledge(held.get(4)); // still in flight across the outage: settles after it
        acked.add(held.get(4).id());
        await()
            .atMost(Duration.ofSeconds(30))
            .ignoreExceptionsInstanceOf(RedisConnectorException.class)
            .until(
                () -> {
                  for (Transaction tx : c.fetchTransactions(10)) {
                    c.acknowledge(tx);
                    acked.add(tx.id());
                  }
                  return acked.size() == TOTAL;
                });

        assertThat(acked)
            .containsExactlyInAnyOrderElementsOf(
                IntStream.range(0, TOTAL).mapToObj(i -> "o-" + i).toList());
        assertThat(c.countTransactions()).isZero();
      } finally {
        c.close();
      }
    }
  }
}
