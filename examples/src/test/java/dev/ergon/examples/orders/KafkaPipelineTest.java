package dev.ergon.examples.orders;

import java.util.UUID;

/** The pipeline on Kafka: a KRaft broker inside the test JVM, a topic of its own per test. */
class KafkaPipelineTest extends PipelineContract {

  @Override
  OrderQueue newQueue() {
    return OrderQueue.kafka(
        null, "ergon-demo-test-" + UUID.randomUUID().toString().substring(0, 8));
  }
}
