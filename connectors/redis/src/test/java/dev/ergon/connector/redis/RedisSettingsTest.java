package dev.ergon.connector.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ergon.ConfigurationException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Settings from code and from strings: defaults, validation naming key and value, no leaks. */
class RedisSettingsTest {
  private static final String SECRET = "s3cr3t-Pa55word";

  @TempDir Path dir;

  private static Map<String, String> base() {
    Map<String, String> m = new HashMap<>();
    m.put("stream", "orders");
    m.put("group", "order-workers");
    return m;
  }

  @Test
  void defaultsAreDocumentedAndDerivedFromTheStreamAndMinIdle() {
    RedisSettings s = RedisSettings.fromMap(base());
    assertThat(s.uri()).isEqualTo("redis://127.0.0.1:6379");
    assertThat(s.effectivePublishStream()).isEqualTo("orders");
    assertThat(s.effectiveDeadLetterStream()).isEqualTo("orders.dead");
    assertThat(s.minIdle()).isEqualTo(Duration.ofSeconds(30));
    assertThat(s.effectiveHeartbeatInterval()).isEqualTo(Duration.ofSeconds(10));
    assertThat(s.reclaimInterval()).isEqualTo(Duration.ofSeconds(5));
    assertThat(s.reclaimCount()).isEqualTo(100);
    assertThat(s.block()).isEqualTo(Duration.ofMillis(500));
    assertThat(s.createGroup()).isTrue();
    assertThat(s.groupStartId()).isEqualTo("0");
    assertThat(s.maxDeliveries()).isNull();
    assertThat(s.maxLen()).isNull();
    assertThat(s.deleteOnAck()).isFalse();
    assertThat(s.requeueDelay()).isZero();
    assertThat(s.pruneConsumersAfter()).isEqualTo(Duration.ofHours(1));
  }

  @Test
  void everyKeyIsRead() {
    Map<String, String> m = base();
    m.put("uri", "rediss://cache.internal:6380/2");
    m.put("password", SECRET);
    m.put("consumer", "worker-1");
    m.put("publish_stream", "orders.out");
    m.put("dead_letter_stream", "orders.dlq");
    m.put("create_group", "false");
    m.put("group_start_id", "$");
    m.put("min_idle", "1m");
    m.put("reclaim_interval", "PT2S");
    m.put("reclaim_count", "50");
    m.put("max_deliveries", "5");
    m.put("requeue_delay", "250ms");
    m.put("delete_on_ack", "yes");
    m.put("max_len", "100000");
    m.put("block", "1s");
    m.put("heartbeat_interval", "20s");
    m.put("command_timeout", "3s");
    m.put("prune_consumers_after", "never");
    m.put("client_name", "orders-in");
    RedisSettings s = RedisSettings.fromMap(m);
    assertThat(s.uri()).isEqualTo("rediss://cache.internal:6380/2");
    assertThat(s.password()).isEqualTo(SECRET);
    assertThat(s.consumer()).isEqualTo("worker-1");
    assertThat(s.effectivePublishStream()).isEqualTo("orders.out");
    assertThat(s.effectiveDeadLetterStream()).isEqualTo("orders.dlq");
    assertThat(s.createGroup()).isFalse();
    assertThat(s.groupStartId()).isEqualTo("$");
    assertThat(s.minIdle()).isEqualTo(Duration.ofMinutes(1));
    assertThat(s.reclaimInterval()).isEqualTo(Duration.ofSeconds(2));
    assertThat(s.reclaimCount()).isEqualTo(50);
    assertThat(s.maxDeliveries()).isEqualTo(5);
    assertThat(s.requeueDelay()).isEqualTo(Duration.ofMillis(250));
    assertThat(s.deleteOnAck()).isTrue();
    assertThat(s.maxLen()).isEqualTo(100_000L);
    assertThat(s.block()).isEqualTo(Duration.ofSeconds(1));
    assertThat(s.effectiveHeartbeatInterval()).isEqualTo(Duration.ofSeconds(20));
    assertThat(s.commandTimeout()).isEqualTo(Duration.ofSeconds(3));
    assertThat(s.pruneConsumersAfter()).isNull();
    assertThat(s.clientName()).isEqualTo("orders-in");
  }

  @Test
  void unknownKeysAreRefusedByName() {
    Map<String, String> m = base();
    m.put("max_delivery", "3");
    m.put("colour", "blue");
    assertThatThrownBy(() -> RedisSettings.fromMap(m))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("[colour, max_delivery]")
        .hasMessageContaining("max_deliveries");
  }

  @Test
  void wrongValuesNameTheKeyAndTheValue() {
    assertRejected("block", "2s", "block must be between 1 ms and 1 s but was PT2S");
    assertRejected("min_idle", "0s", "min_idle must be > 0 but was PT0S");
    assertRejected("min_idle", "soon", "min_idle must be a duration");
    assertRejected("max_deliveries", "0", "max_deliveries must be between 1 and");
    assertRejected("prune_consumers_after", "0s", "prune_consumers_after must be > 0");
    assertRejected("max_len", "0", "max_len must be >= 1 but was 0");
    assertRejected("requeue_delay", "1m", "requeue_delay must be between 0 and min_idle");
    assertRejected("heartbeat_interval", "30s", "heartbeat_interval must be shorter than min_idle");
    assertRejected("group_start_id", "7", "group_start_id must be 0 or $ but was '7'");
    assertRejected("delete_on_ack", "maybe", "delete_on_ack must be true or false");
    assertRejected("reclaim_count", "x", "reclaim_count must be an integer but was 'x'");
    assertRejected("dead_letter_stream", "orders", "dead_letter_stream must be another stream");
    assertRejected("stream", "my orders", "stream must be free of spaces");
    assertRejected("uri", "http://127.0.0.1", "uri must be a redis:// or rediss:// URI");
    assertThatThrownBy(() -> RedisSettings.builder().stream("s").build())
        .hasMessage("group must be set but was null");
  }

  private static void assertRejected(String key, String value, String message) {
    Map<String, String> m = base();
    m.put(key, value);
    assertThatThrownBy(() -> RedisSettings.fromMap(m))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining(message);
  }

  @Test
  void passwordsNeverShowInToStringOrInABadUriError() {
    Map<String, String> m = base();
    m.put("uri", "redis://app:" + SECRET + "@cache.internal:6379");
    m.put("password", SECRET);
    RedisSettings s = RedisSettings.fromMap(m);
    assertThat(s.toString())
        .doesNotContain(SECRET)
        .contains("uri=redis://***@cache.internal:6379", "password=***");
    assertThat(s.maskedUri()).isEqualTo("redis://***@cache.internal:6379");

    Map<String, String> bad = base();
    bad.put("uri", "redis://:" + SECRET + "@host name");
    assertThatThrownBy(() -> RedisSettings.fromMap(bad))
        .hasMessageContaining("uri")
        .hasMessageNotContaining(SECRET);
  }

  @Test
  void aWrongPasswordFailsClearlyWithoutShowingItAndTheRightOneConnects() throws Exception {
    try (OwnRedis own = new OwnRedis(dir, SECRET, false)) {
      String wrong = "wr0ng-" + SECRET;
      String uri = own.uri().replace("redis://", "redis://:" + wrong + "@");
      assertThatThrownBy(() -> new RedisConnector(TestRedis.settings("orders").uri(uri).build()))
          .isInstanceOf(RedisConnectorException.class)
          .hasMessageContaining("cannot connect")
          .hasMessageContaining("127.0.0.1")
          .hasMessageNotContaining(wrong)
          .hasMessageNotContaining(SECRET);

      RedisConnector c =
          new RedisConnector(TestRedis.settings("orders").uri(own.uri()).password(SECRET).build());
      try {
        assertThat(c.countTransactions()).isZero();
        assertThat(c.health().toString()).doesNotContain(SECRET).contains("connected");
        assertThat(c.settings().toString()).doesNotContain(SECRET);
      } finally {
        c.close();
      }
      try (RedisService service =
          RedisService.connect(own.uri().replace("redis://", "redis://:" + SECRET + "@"), null)) {
        assertThat(service.commands().ping()).isEqualTo("PONG");
      }
    }
  }

  @Test
  void aMissingGroupFailsAtStartWhenItIsNotToBeCreated() {
    String stream = TestRedis.unique("ergon_nogroup");
    assertThatThrownBy(
            () -> new RedisConnector(TestRedis.settings(stream).createGroup(false).build()))
        .isInstanceOf(RedisConnectorException.class)
        .hasMessageContaining(stream)
        .hasMessageContaining("group 'workers'")
        .hasMessageContaining("does not exist");
  }
}
