package dev.ergon.examples.orders;

import java.util.UUID;

/** Needs Redis at {@link DemoOptions#DEFAULT_REDIS_URI}; fails when it is down. */
class RedisPipelineTest extends PipelineContract {

  @Override
  OrderQueue newQueue() {
    return OrderQueue.redis(
        DemoOptions.DEFAULT_REDIS_URI,
        "ergon-demo-test-" + UUID.randomUUID().toString().substring(0, 8));
  }
}
