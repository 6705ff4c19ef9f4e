package dev.ergon.examples.orders;

import java.util.UUID;

/** Needs PostgreSQL at {@link DemoOptions#DEFAULT_JDBC_URL}; fails when it is down. */
class PostgresPipelineTest extends PipelineContract {

  @Override
  OrderQueue newQueue() {
    String table = "ergon_demo_test_" + UUID.randomUUID().toString().substring(0, 8);
    return OrderQueue.postgres(DemoOptions.DEFAULT_JDBC_URL, table);
  }
}
