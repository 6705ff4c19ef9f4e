package dev.ergon.connector.redis;

import dev.ergon.connector.Connector;
import dev.ergon.test.ConnectorContractTest;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The Redis connector passes the conformance kit against the server on 127.0.0.1:6379: each test
 * gets its own stream (the group is created with MKSTREAM) and dead-letter stream {@code
 * <dest>.dead}; two consumers share one group. Redeliveries come back through XAUTOCLAIM: a
 * requeued entry or one released by close is reclaimable at once, so no test waits for min_idle.
 */
class RedisContractTest extends ConnectorContractTest {
  private static TestRedis redis;

  @BeforeAll
  static void connect() {
    redis = new TestRedis();
  }

  @AfterAll
  static void disconnect() {
    redis.close();
  }

  @Override
  protected Connector open(String destination) {
    return new RedisConnector(TestRedis.settings(destination).build());
  }

  @Override
  protected Capabilities capabilities() {
    return Capabilities.all();
  }

  @Override
  protected List<String> deadLetteredIds(String destination) {
    return redis.ids(destination + ".dead");
  }

  @Override
  protected void drop(String destination) {
    redis.delete(destination, destination + ".dead");
  }
}
