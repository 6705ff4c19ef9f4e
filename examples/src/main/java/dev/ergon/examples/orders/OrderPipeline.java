package dev.ergon.examples.orders;

import dev.ergon.engine.EndReason;
import dev.ergon.engine.RunReport;
import dev.ergon.engine.Worker;
import dev.ergon.engine.WorkerOptions;
import dev.ergon.engine.WorkerResult;
import dev.ergon.policy.ConsumerPolicy;
import dev.ergon.policy.ProducerPolicy;
import dev.ergon.policy.RetryPolicy;
import dev.ergon.task.TaskConfig;
import dev.ergon.test.InMemoryConnector;
import dev.ergon.transaction.Transaction;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Wires and runs the order pipeline in memory: the {@link OrderFeeder} fills the {@code orders}
 * queue, then the {@link OrderProcessor} drains it into {@code receipts} and {@code rejected}.
 *
 * <pre>{@code
 * PipelineSummary summary = OrderPipeline.run(200);
 * }</pre>
 */
public final class OrderPipeline {

  /** The first pricing call for every order whose number is a multiple of this one fails. */
  public static final int FLAKY_EVERY = 10;

  private OrderPipeline() {}

  /**
   * Runs the feeder, then the processor, and summarises what happened.
   *
   * @param orderCount how many orders to produce, at least 0
   * @return the summary
   */
  public static PipelineSummary run(int orderCount) {
    InMemoryConnector orders = new InMemoryConnector();
    InMemoryConnector receipts = new InMemoryConnector();
    InMemoryConnector rejected = new InMemoryConnector();
    OutcomeTally tally = new OutcomeTally();
    List<String> failures = new ArrayList<>();
    try (orders) {
      Duration feed = runWorker(feeder(orderCount, orders), WorkerOptions.defaults(), failures);
      Duration process =
          runWorker(
              processor(orders, receipts, rejected),
              WorkerOptions.defaults().withOutcomeListener(tally),
              failures);
      return new PipelineSummary(
          orderCount,
          orders.dispatched().size(),
          tally.counts(),
          tally.retries(),
          receipts.dispatched().size(),
          rejected.dispatched().size(),
          orders.acknowledged().size(),
          orders.ready().size(),
          orders.inFlight().size(),
          revenue(receipts.dispatched()),
          feed,
          process,
          failures);
    }
  }

  /** The feeder: chunks of 50, four dispatching at once. */
  static TaskConfig feeder(int orderCount, InMemoryConnector orders) {
    return TaskConfig.builder("order-feeder")
        .task(() -> new OrderFeeder(orderCount))
        .connector("orders", orders::channel)
        .policy(ProducerPolicy.builder("feed").batchSize(50).concurrency(4).build())
        .build();
  }

  /** The processor: batches of 16, eight at once, three pricing attempts, drains and ends. */
  static TaskConfig processor(
      InMemoryConnector orders, InMemoryConnector receipts, InMemoryConnector rejected) {
    RetryPolicy pricingRetry =
        RetryPolicy.builder()
            .maxAttempts(3)
            .backoff(Duration.ofMillis(50))
            .backoffMultiplier(2.0)
            .build();
    return TaskConfig.builder("order-processor")
        .task(OrderProcessor::new)
        .connector("orders", orders::channel)
        .connector("receipts", () -> receipts)
        .connector("rejected", () -> rejected)
        .service("pricing", () -> new PricingService(FLAKY_EVERY))
        .policy(
            ConsumerPolicy.builder("process-orders")
                .fetchConnector("orders")
                .concurrency(8)
                .batchSize(16)
                .streaming(false)
                .processRetry(pricingRetry)
                .build())
        .build();
  }

  private static Duration runWorker(TaskConfig config, WorkerOptions options, List<String> out) {
    long start = System.nanoTime();
    try (Worker worker = Worker.start(config, options)) {
      WorkerResult result = worker.execute();
      result.failureCause().ifPresent(e -> out.add("task '" + config.name() + "' failed: " + e));
      for (RunReport report : result.reports()) {
        if (report.endReason() != EndReason.DRAINED) {
          out.add(
              "task '"
                  + config.name()
                  + "': loop '"
                  + report.policy()
                  + "' ended "
                  + report.endReason());
        }
      }
    }
    return Duration.ofNanos(System.nanoTime() - start);
  }

  private static BigDecimal revenue(List<Transaction> receipts) {
    return receipts.stream()
        .map(tx -> tx.payload(Receipt.class).total())
        .reduce(BigDecimal.ZERO, BigDecimal::add);
  }
}
