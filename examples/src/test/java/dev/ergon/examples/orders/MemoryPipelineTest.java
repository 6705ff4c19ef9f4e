package dev.ergon.examples.orders;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class MemoryPipelineTest extends PipelineContract {

  @Override
  OrderQueue newQueue() {
    return OrderQueue.memory();
  }

  @Test
  void revenueIsTheSumOfTheValidOrdersTotals() throws Exception {
    BigDecimal expected = BigDecimal.ZERO;
    for (int n = 1; n <= 30; n++) {
      Order order = OrderFeeder.order(n);
      expected = expected.add(order.unitPrice().multiply(BigDecimal.valueOf(order.quantity())));
    }

    assertThat(new OrderPipeline(queue()).run(30, false).revenue()).isEqualByComparingTo(expected);
  }
}
