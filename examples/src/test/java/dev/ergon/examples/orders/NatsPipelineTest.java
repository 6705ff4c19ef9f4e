package dev.ergon.examples.orders;

import java.util.UUID;

/** Needs NATS with JetStream at {@link DemoOptions#DEFAULT_NATS_URL}; fails when it is down. */
class NatsPipelineTest extends PipelineContract {

  @Override
  OrderQueue newQueue() {
    String stream = "ergon-demo-test-" + UUID.randomUUID().toString().substring(0, 8);
    return OrderQueue.nats(DemoOptions.DEFAULT_NATS_URL, stream);
  }
}
