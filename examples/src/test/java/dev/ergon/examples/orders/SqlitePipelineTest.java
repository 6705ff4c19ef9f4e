package dev.ergon.examples.orders;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ergon.connector.jdbc.JdbcQueueConfig;
import dev.ergon.connector.jdbc.JdbcQueueConnector;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqlitePipelineTest extends PipelineContract {
  @TempDir Path dir;

  @Override
  OrderQueue newQueue() {
    return OrderQueue.sqlite(dir.resolve("orders.db"), "orders");
  }

  @Test
  void ordersClaimedByAProcessThatDiedAreProcessedOnceTheirLeaseExpires() throws Exception {
    OrderQueue queue = queue();
    new OrderPipeline(queue).limitProcessing(0).run(100, true);
    // A "dead" consumer: it claims 10 orders and never settles them nor extends their leases.
    JdbcQueueConfig stale =
        JdbcQueueConfig.embedded(dir.resolve("orders.db"))
            .table("orders")
            .leaseDuration(Duration.ofMillis(300))
            .heartbeat(false)
            .build();
    try (JdbcQueueConnector dead = new JdbcQueueConnector(stale)) {
      assertThat(dead.fetchTransactions(10)).hasSize(10);

      PipelineSummary resumed = new OrderPipeline(queue).run(100, false);

      assertThat(resumed.problems()).isEmpty();
      assertThat(resumed.resumed()).isEqualTo(100);
      assertDeterministicCounts(resumed);
      assertThat(resumed.left()).isZero();
    }
  }
}
