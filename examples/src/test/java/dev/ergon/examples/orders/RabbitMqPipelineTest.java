package dev.ergon.examples.orders;

import java.util.UUID;

/** Needs RabbitMQ at {@link DemoOptions#DEFAULT_AMQP_URI}; fails when it is down. */
class RabbitMqPipelineTest extends PipelineContract {

  @Override
  OrderQueue newQueue() {
    String queue = "ergon-demo-test-" + UUID.randomUUID().toString().substring(0, 8);
    return OrderQueue.rabbitmq(DemoOptions.DEFAULT_AMQP_URI, queue);
  }
}
