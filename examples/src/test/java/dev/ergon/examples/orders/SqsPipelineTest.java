package dev.ergon.examples.orders;

import java.util.UUID;

/** The pipeline on SQS: an ElasticMQ server inside the test JVM, a queue of its own per test. */
class SqsPipelineTest extends PipelineContract {

  @Override
  OrderQueue newQueue() {
    return OrderQueue.sqs(null, "ergon-demo-test-" + UUID.randomUUID().toString().substring(0, 8));
  }
}
