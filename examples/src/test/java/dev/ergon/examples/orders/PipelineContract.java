package dev.ergon.examples.orders;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ergon.engine.Outcome.Kind;
import dev.ergon.test.InMemoryConnector;
import dev.ergon.transaction.Transaction;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The order pipeline's behaviour on one kind of queue; each subclass supplies a fresh queue of its
 * kind per test and deletes it after.
 */
abstract class PipelineContract {

  /** A new, empty queue of this kind, only for the current test. */
  abstract OrderQueue newQueue() throws Exception;

  private final List<OrderQueue> queues = new ArrayList<>();

  OrderQueue queue() throws Exception {
    OrderQueue q = newQueue();
    queues.add(q);
    return q;
  }

  @AfterEach
  void deleteQueues() throws Exception {
    for (OrderQueue q : queues) {
      try {
        q.delete();
      } finally {
        q.close();
      }
    }
  }

  @Test
  void settlesEveryOrderWithDeterministicRetriesAndRejects() throws Exception {
    PipelineSummary summary = new OrderPipeline(queue()).run(100, true);

    assertThat(summary.problems()).isEmpty();
    assertThat(summary.fed()).isEqualTo(100);
    assertThat(summary.resumed()).isZero();
    assertDeterministicCounts(summary);
    assertThat(summary.left()).isZero();
    assertThat(summary.settled()).isTrue();
  }

  @Test
  void aSecondRunOnTheEmptiedQueueFeedsAgain() throws Exception {
    OrderQueue queue = queue();
    assertThat(new OrderPipeline(queue).run(30, true).settled()).isTrue();

    PipelineSummary again = new OrderPipeline(queue).run(30, false);

    assertThat(again.problems()).isEmpty();
    assertThat(again.fed()).isEqualTo(30);
    assertThat(again.count(Kind.SUCCEEDED)).isEqualTo(29);
    assertThat(again.count(Kind.FAILED_HANDLED)).isEqualTo(1);
  }

  @Test
  void aRunCutShortIsResumedAndEveryOrderIsProcessedExactlyOnce() throws Exception {
    OrderQueue queue = queue();
    InMemoryConnector receipts = new InMemoryConnector();
    InMemoryConnector rejected = new InMemoryConnector();

    PipelineSummary first =
        new OrderPipeline(queue, receipts, rejected).limitProcessing(40).run(100, true);
    PipelineSummary second = new OrderPipeline(queue, receipts, rejected).run(100, false);

    assertThat(first.fed()).isEqualTo(100);
    assertThat(first.left()).isEqualTo(60);
    assertThat(first.settled()).isFalse();
    assertThat(first.problems()).anyMatch(p -> p.contains("still holds 60 orders"));
    assertThat(second.problems()).isEmpty();
    assertThat(second.fed()).isZero();
    assertThat(second.resumed()).isEqualTo(60);
    assertThat(second.left()).isZero();
    assertThat(first.count(Kind.SUCCEEDED) + second.count(Kind.SUCCEEDED)).isEqualTo(96);
    assertThat(first.count(Kind.FAILED_HANDLED) + second.count(Kind.FAILED_HANDLED)).isEqualTo(4);
    assertThat(first.retries() + second.retries()).isEqualTo(8);
    List<String> processed = new ArrayList<>();
    receipts.dispatched().forEach(tx -> processed.add(tx.metadata().get("order")));
    rejected.dispatched().stream().map(Transaction::id).forEach(processed::add);
    assertThat(processed)
        .containsExactlyInAnyOrderElementsOf(
            IntStream.rangeClosed(1, 100).mapToObj(n -> "order-" + n).toList());
    assertThat(queue.pending()).isZero();
  }

  /** 100 orders: 25, 50, 75, 100 invalid; the other 8 multiples of 10 fail pricing once. */
  static void assertDeterministicCounts(PipelineSummary summary) {
    assertThat(summary.count(Kind.SUCCEEDED)).isEqualTo(96);
    assertThat(summary.count(Kind.FAILED_HANDLED)).isEqualTo(4);
    assertThat(summary.count(Kind.FAILED_UNHANDLED)).isZero();
    assertThat(summary.count(Kind.TIMED_OUT)).isZero();
    assertThat(summary.count(Kind.REDELIVER)).isZero();
    assertThat(summary.retries()).isEqualTo(8);
    assertThat(summary.receipts()).isEqualTo(96);
    assertThat(summary.rejected()).isEqualTo(4);
  }
}
