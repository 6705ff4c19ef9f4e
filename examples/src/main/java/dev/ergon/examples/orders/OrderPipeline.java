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
import dev.ergon.time.StopSignal;
import dev.ergon.transaction.Transaction;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Wires and runs the order pipeline on an {@link OrderQueue}: when the queue is empty the {@link
 * OrderFeeder} fills it; when it still holds orders an earlier run left (it was killed, or
 * stopped), those are resumed and nothing is fed. Then the {@link OrderProcessor} takes the orders
 * into the {@code receipts} and {@code rejected} sinks (in memory) until every one of them has
 * ended.
 *
 * <pre>{@code
 * PipelineSummary summary = new OrderPipeline(OrderQueue.sqlite(file, "orders")).run(200, false);
 * }</pre>
 *
 * <p>One run per instance; {@link #stop()} may be called from any thread (a signal handler).
 */
public final class OrderPipeline {

  /** The first pricing call for every order whose number is a multiple of this one fails. */
  public static final int FLAKY_EVERY = 10;

  /** The processor gives up when no order ended for this long (longer than a lease). */
  public static final Duration GIVE_UP = OrderQueue.LEASE.plusSeconds(10);

  private final OrderQueue queue;
  private final InMemoryConnector receipts;
  private final InMemoryConnector rejected;
  private final StopSignal stop = new StopSignal();
  private volatile boolean interrupted;
  private @Nullable Long processLimit;

  /**
   * A pipeline on {@code queue}, with new in-memory sinks.
   *
   * @param queue where the orders wait
   */
  public OrderPipeline(OrderQueue queue) {
    this(queue, new InMemoryConnector(), new InMemoryConnector());
  }

  OrderPipeline(OrderQueue queue, InMemoryConnector receipts, InMemoryConnector rejected) {
    this.queue = queue;
    this.receipts = receipts;
    this.rejected = rejected;
  }

  /** The processor takes at most {@code n} orders, then ends (a run cut short, for tests). */
  OrderPipeline limitProcessing(long n) {
    this.processLimit = n;
    return this;
  }

  /**
   * Stops feeding and processing: work in progress finishes, and what is unsettled stays in the
   * queue for the next run. Idempotent.
   */
  public void stop() {
    interrupted = true;
    stop.stop();
  }

  /**
   * Feeds {@code orderCount} orders when the queue is empty (or resumes what it holds), processes
   * them, and summarises what happened.
   *
   * @param orderCount how many orders to feed, at least 1
   * @param fresh whether to empty the queue first, dropping what an earlier run left
   * @return the summary
   * @throws Exception when the queue cannot be reached
   */
  public PipelineSummary run(int orderCount, boolean fresh) throws Exception {
    queue.prepare();
    if (fresh) {
      queue.clear();
    }
    long waiting = queue.pending();
    List<String> failures = new ArrayList<>();
    WorkerOptions options = WorkerOptions.defaults().withStopSignal(stop);
    long fed = 0;
    long start = System.nanoTime();
    if (waiting == 0) {
      runWorker(feeder(orderCount), options, Set.of(EndReason.DRAINED), failures);
      fed = queue.pending();
    }
    Duration feedTime = Duration.ofNanos(System.nanoTime() - start);
    int receiptsBefore = receipts.dispatched().size();
    int rejectedBefore = rejected.dispatched().size();
    start = System.nanoTime();
    OutcomeTally tally;
    try (ProcessingWatch watch = new ProcessingWatch(waiting + fed, stop, GIVE_UP)) {
      if (waiting + fed > 0 && !stop.isStopped()) {
        Set<EndReason> ok = Set.of(EndReason.STOPPED, EndReason.LIMIT_REACHED);
        runWorker(processor(), options.withOutcomeListener(watch), ok, failures);
      }
      if (watch.gaveUp()) {
        failures.add("the processor gave up: no order ended for " + GIVE_UP.toSeconds() + " s");
      }
      tally = watch.tally();
    }
    Duration processTime = Duration.ofNanos(System.nanoTime() - start);
    if (interrupted) {
      failures.add("the run was stopped before the end (Ctrl-C or SIGTERM)");
    }
    List<Transaction> newReceipts =
        receipts.dispatched().subList(receiptsBefore, receipts.dispatched().size());
    return new PipelineSummary(
        queue.describe(),
        orderCount,
        fed,
        waiting,
        tally.counts(),
        tally.retries(),
        newReceipts.size(),
        rejected.dispatched().size() - rejectedBefore,
        queue.pending(),
        revenue(newReceipts),
        feedTime,
        processTime,
        failures);
  }

  /** The feeder: chunks of 50, four dispatching at once. */
  TaskConfig feeder(int orderCount) {
    return TaskConfig.builder("order-feeder")
        .task(() -> new OrderFeeder(orderCount))
        .connector("orders", queue::open)
        .policy(ProducerPolicy.builder("feed").batchSize(50).concurrency(4).build())
        .build();
  }

  /**
   * The processor: batches of 16, eight at once, three pricing attempts; it polls an empty queue
   * (orders claimed by a killed process come back when their lease expires) until stopped.
   */
  TaskConfig processor() {
    RetryPolicy pricingRetry =
        RetryPolicy.builder()
            .maxAttempts(3)
            .backoff(Duration.ofMillis(50))
            .backoffMultiplier(2.0)
            .build();
    return TaskConfig.builder("order-processor")
        .task(OrderProcessor::new)
        .connector("orders", queue::open)
        .connector("receipts", receipts::channel)
        .connector("rejected", rejected::channel)
        .service("pricing", () -> new PricingService(FLAKY_EVERY))
        .policy(
            ConsumerPolicy.builder("process-orders")
                .fetchConnector("orders")
                .concurrency(8)
                .batchSize(16)
                .streaming(true)
                .emptyQueueBackoff(Duration.ofMillis(20), 2.0, Duration.ofMillis(500))
                .limit(processLimit)
                .processRetry(pricingRetry)
                .build())
        .build();
  }

  private static void runWorker(
      TaskConfig config, WorkerOptions options, Set<EndReason> expected, List<String> out) {
    try (Worker worker = Worker.start(config, options)) {
      WorkerResult result = worker.execute();
      result.failureCause().ifPresent(e -> out.add("task '" + config.name() + "' failed: " + e));
      for (RunReport report : result.reports()) {
        if (!expected.contains(report.endReason())) {
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
  }

  private static BigDecimal revenue(List<Transaction> receipts) {
    return receipts.stream()
        .map(tx -> tx.payload(Receipt.class).total())
        .reduce(BigDecimal.ZERO, BigDecimal::add);
  }
}
