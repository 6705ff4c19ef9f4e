package dev.ergon.connector.redis;

import io.lettuce.core.Range;
import io.lettuce.core.StreamMessage;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** The shared Redis on 127.0.0.1:6379 for tests: unique names, settings, reading and cleaning. */
final class TestRedis implements AutoCloseable {
  static final String URI = "redis://127.0.0.1:6379";
  static final String GROUP = "workers";

  private final RedisService redis;

  TestRedis() {
    this(URI);
  }

  TestRedis(String uri) {
    redis = RedisService.connect(uri, null);
  }

  static String unique(String prefix) {
    return prefix + "_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
  }

  /** Settings for tests: min idle 2 s, a reclaim pass every 200 ms. */
  static RedisSettings.Builder settings(String stream) {
    return RedisSettings.builder().uri(URI).stream(stream)
        .group(GROUP)
        .minIdle(Duration.ofSeconds(2))
        .reclaimInterval(Duration.ofMillis(200))
        .block(Duration.ofMillis(200));
  }

  RedisService service() {
    return redis;
  }

  List<StreamMessage<String, String>> entries(String stream) {
    return redis.commands().xrange(stream, Range.create("-", "+"));
  }

  List<Map<String, String>> bodies(String stream) {
    return entries(stream).stream().map(StreamMessage::getBody).toList();
  }

  List<String> ids(String stream) {
    return bodies(stream).stream().map(b -> b.get("id")).toList();
  }

  /** The group's pending entries count. */
  long pending(String stream) {
    return redis.commands().xpending(stream, GROUP).getCount();
  }

  void delete(String... keys) {
    redis.commands().del(keys);
  }

  @Override
  public void close() {
    redis.close();
  }
}
