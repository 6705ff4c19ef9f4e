package dev.ergon.examples.orders;

import dev.ergon.connector.Connector;
import dev.ergon.connector.redis.RedisConnector;
import dev.ergon.connector.redis.RedisService;
import dev.ergon.connector.redis.RedisSettings;

/**
 * {@link OrderQueue#redis}: the Redis Streams connector on stream {@code <name>} in the consumer
 * group {@code <name>-workers} (created with the stream when missing), dead letters to {@code
 * <name>.dead}; entries a dead worker held are reclaimed after {@link OrderQueue#LEASE} idle.
 * Clearing and deleting use the Lettuce connection of a {@link RedisService}.
 */
final class RedisQueue implements OrderQueue {
  private final String uri;
  private final String stream;

  RedisQueue(String uri, String stream) {
    this.uri = uri;
    this.stream = stream;
  }

  private RedisSettings settings() {
    return RedisSettings.builder().uri(uri).stream(stream)
        .group(stream + "-workers")
        .deadLetterStream(stream + ".dead")
        .minIdle(LEASE)
        .deleteOnAck(true)
        .clientName("ergon-demo")
        .build();
  }

  @Override
  public Connector open() {
    return new RedisConnector(settings());
  }

  @Override
  public void prepare() {
    new RedisConnector(settings()).close(); // creates the stream and the group
  }

  @Override
  public long pending() throws Exception {
    try (RedisConnector c = new RedisConnector(settings())) {
      return c.countTransactions();
    }
  }

  @Override
  public void clear() {
    delete();
    prepare();
  }

  @Override
  public void delete() {
    try (RedisService redis = new RedisService(settings())) {
      redis.commands().del(stream, stream + ".dead");
    }
  }

  @Override
  public boolean durable() {
    return true;
  }

  @Override
  public String describe() {
    return "redis " + uri.replaceFirst("//[^@/]*@", "//") + " (stream " + stream + ")";
  }
}
