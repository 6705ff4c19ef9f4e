package dev.ergon.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ergon.engine.InstrumentationOptions.AttemptSpans;
import dev.ergon.engine.InstrumentationOptions.Continuation;
import dev.ergon.policy.ConsumerPolicy;
import dev.ergon.policy.RetryPolicy;
import dev.ergon.task.ConsumerTask;
import dev.ergon.task.ProducerTask;
import dev.ergon.test.HarnessRun;
import dev.ergon.test.InMemoryConnector;
import dev.ergon.test.ManualClock;
import dev.ergon.test.TaskHarness;
import dev.ergon.test.TelemetryRecorder;
import dev.ergon.transaction.Transaction;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

/** Spans, metrics and trace propagation recorded by the engine (behaviour.md §10). */
class TelemetryTest {
  private static final AttributeKey<String> TX_ID = AttributeKey.stringKey("ergon.transaction.id");
  private static final AttributeKey<String> OUTCOME = AttributeKey.stringKey("ergon.outcome");
  private static final AttributeKey<String> POLICY = AttributeKey.stringKey("ergon.policy.name");
  private static final AttributeKey<String> TASK = AttributeKey.stringKey("ergon.task.name");
  private static final AttributeKey<Long> ATTEMPT = AttributeKey.longKey("ergon.attempt");

  private final TelemetryRecorder telemetry = TelemetryRecorder.create();
  private final Script script = new Script();
  private final InMemoryConnector input = new InMemoryConnector();
  private final CountDownLatch release = new CountDownLatch(1);

  @AfterEach
  void close() {
    release.countDown();
    telemetry.close();
  }

  private HarnessRun run(ConsumerPolicy policy, Transaction... txs) {
    return run(policy, InstrumentationOptions.defaults(), txs);
  }

  private HarnessRun run(
      ConsumerPolicy policy, InstrumentationOptions options, Transaction... txs) {
    input.add(txs);
    return TaskHarness.of(() -> new ScriptedConsumer(script))
        .connector("input", input)
        .policy(policy)
        .timeSource(new ManualClock())
        .openTelemetry(telemetry.openTelemetry())
        .instrumentation(options)
        .run();
  }

  private SpanData only(String name) {
    assertThat(telemetry.spans(name)).as("spans named %s", name).hasSize(1);
    return telemetry.spans(name).get(0);
  }

  private static boolean childOf(SpanData child, SpanData parent) {
    return child.getParentSpanId().equals(parent.getSpanId())
        && child.getTraceId().equals(parent.getTraceId());
  }

  @Test
  void aSuccessfulTransactionMakesTheSpanTreeTaskLoopBatchTransactionAttempt() {
    run(ConsumerPolicy.defaults("consumer"), Transaction.of("tx-1", "p"));

    SpanData task = only("ergon.task");
    SpanData loop = only("ergon.loop");
    SpanData batch = only("ergon.batch");
    SpanData tx = only("ergon.transaction");
    SpanData process = only("ergon.process");
    SpanData success = only("ergon.success");
    assertThat(childOf(loop, task)).isTrue();
    assertThat(childOf(batch, loop)).isTrue();
    assertThat(childOf(tx, batch)).isTrue();
    assertThat(childOf(process, tx)).isTrue();
    assertThat(childOf(success, tx)).isTrue();
    assertThat(tx.getAttributes().get(TX_ID)).isEqualTo("tx-1");
    assertThat(tx.getAttributes().get(OUTCOME)).isEqualTo("succeeded");
    assertThat(tx.getAttributes().get(POLICY)).isEqualTo("consumer");
    assertThat(tx.getAttributes().get(TASK)).isEqualTo("harness");
    assertThat(tx.getStatus().getStatusCode()).isNotEqualTo(StatusCode.ERROR);
    assertThat(process.getAttributes().get(ATTEMPT)).isEqualTo(1L);
    // one fetch span for the non-empty fetch; the empty poll that ended the loop makes none
    assertThat(telemetry.spans("ergon.fetch")).hasSize(1);
    assertThat(telemetry.spans("ergon.exception")).isEmpty();
  }

  @Test
  void aRetriedThenSuccessfulTransactionShowsEachAttemptAndTheBackoffAsAnEvent() {
    AtomicInteger calls = new AtomicInteger();
    script.process(
        tx -> {
          if (calls.incrementAndGet() == 1) {
            throw new IllegalStateException("flaky");
          }
          return "ok";
        });
    RetryPolicy retry = RetryPolicy.builder().maxAttempts(3).backoff(Duration.ofSeconds(2)).build();

    run(ConsumerPolicy.builder("consumer").processRetry(retry).build(), Transaction.of("t", "p"));

    List<SpanData> attempts = telemetry.spans("ergon.process");
    assertThat(attempts).extracting(s -> s.getAttributes().get(ATTEMPT)).containsExactly(1L, 2L);
    assertThat(attempts.get(0).getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
    assertThat(attempts.get(0).getEvents()).extracting(EventData::getName).contains("exception");
    assertThat(attempts.get(1).getStatus().getStatusCode()).isNotEqualTo(StatusCode.ERROR);
    SpanData tx = only("ergon.transaction");
    assertThat(tx.getEvents()).extracting(EventData::getName).containsExactly("ergon.backoff");
    assertThat(tx.getAttributes().get(OUTCOME)).isEqualTo("succeeded");
    assertThat(telemetry.counter("ergon.phase.retries", Map.of("ergon.phase", "process")))
        .isEqualTo(1);
    assertThat(
            telemetry.counter(
                "ergon.phase.attempts", Map.of("ergon.phase", "process", "ergon.result", "error")))
        .isEqualTo(1);
  }

  @Test
  void aHandledFailureMarksTheTransactionSpanAsAnErrorWithTheException() {
    script.process(
        tx -> {
          throw new IllegalStateException("boom");
        });

    run(ConsumerPolicy.defaults("consumer"), Transaction.of("t", "p"));

    SpanData tx = only("ergon.transaction");
    assertThat(tx.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
    assertThat(tx.getAttributes().get(OUTCOME)).isEqualTo("failed_handled");
    assertThat(tx.getEvents()).extracting(EventData::getName).contains("exception");
    assertThat(childOf(only("ergon.exception"), tx)).isTrue();
  }

  @Test
  void anUnhandledFailureIsCountedAsDeadLettered() {
    script
        .process(
            tx -> {
              throw new IllegalStateException("boom");
            })
        .exception(
            (tx, e) -> {
              throw new IllegalStateException("handler broken");
            });

    run(ConsumerPolicy.defaults("consumer"), Transaction.of("t", "p"));

    assertThat(only("ergon.transaction").getAttributes().get(OUTCOME))
        .isEqualTo("failed_unhandled");
    assertThat(telemetry.counter("ergon.transactions.dead_lettered", Map.of())).isEqualTo(1);
  }

  @Test
  void aTimedOutTransactionIsRecordedAsTimedOut() {
    script.process(
        tx -> {
          release.await();
          return "late";
        });

    run(
        ConsumerPolicy.builder("consumer").runtimeTimeout(Duration.ofMillis(200)).build(),
        Transaction.of("t", "p"));

    SpanData tx = only("ergon.transaction");
    assertThat(tx.getAttributes().get(OUTCOME)).isEqualTo("timed_out");
    assertThat(tx.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
    assertThat(childOf(only("ergon.exception"), tx)).isTrue();
  }

  @Test
  void aBatchFetchStillGivesOneSpanPerTransaction() {
    run(
        ConsumerPolicy.builder("consumer").batchSize(5).concurrency(2).build(),
        Transaction.of("a", 1),
        Transaction.of("b", 2),
        Transaction.of("c", 3),
        Transaction.of("d", 4),
        Transaction.of("e", 5));

    SpanData batch = only("ergon.batch");
    List<SpanData> txs = telemetry.spans("ergon.transaction");
    assertThat(txs)
        .extracting(s -> s.getAttributes().get(TX_ID))
        .containsExactlyInAnyOrder("a", "b", "c", "d", "e");
    assertThat(txs).allMatch(s -> childOf(s, batch));
  }

  @Test
  void attemptSpansCanBeLimitedToFailures() {
    AtomicInteger calls = new AtomicInteger();
    script.process(
        tx -> {
          if (tx.id().equals("bad") && calls.incrementAndGet() == 1) {
            throw new IllegalStateException("first attempt fails");
          }
          return "ok";
        });
    InstrumentationOptions failuresOnly =
        new InstrumentationOptions(AttemptSpans.FAILURES, Continuation.AUTO);

    run(
        ConsumerPolicy.builder("consumer")
            .processRetry(RetryPolicy.builder().maxAttempts(2).build())
            .build(),
        failuresOnly,
        Transaction.of("good", 1),
        Transaction.of("bad", 2));

    assertThat(telemetry.spans("ergon.transaction")).hasSize(2);
    assertThat(telemetry.spans("ergon.success")).isEmpty();
    assertThat(telemetry.spans("ergon.process"))
        .singleElement()
        .satisfies(
            s -> {
              assertThat(s.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
              assertThat(s.getAttributes().get(ATTEMPT)).isEqualTo(1L);
            });
  }

  @Test
  void metricsCountOutcomesFetchesAndBatchesOfAKnownRun() {
    script.process(
        tx -> {
          if ((int) tx.payload() % 2 == 0) {
            throw new IllegalStateException("even");
          }
          return "ok";
        });

    run(
        ConsumerPolicy.builder("consumer").batchSize(3).build(),
        Transaction.of("t1", 1),
        Transaction.of("t2", 2),
        Transaction.of("t3", 3),
        Transaction.of("t4", 4));

    assertThat(telemetry.counter("ergon.transactions", Map.of("ergon.outcome", "succeeded")))
        .isEqualTo(2);
    assertThat(telemetry.counter("ergon.transactions", Map.of("ergon.outcome", "failed_handled")))
        .isEqualTo(2);
    assertThat(telemetry.counter("ergon.batches", Map.of())).isEqualTo(2);
    assertThat(telemetry.counter("ergon.fetches", Map.of("ergon.result", "ok"))).isEqualTo(2);
    assertThat(telemetry.counter("ergon.fetch.empty", Map.of())).isEqualTo(1);
    assertThat(telemetry.counter("ergon.in_flight", Map.of())).isZero();
  }

  @Test
  void theBacklogOfACountableSourceIsReportedWhileTheLoopRuns() throws Exception {
    script.process(
        tx -> {
          release.await();
          return "ok";
        });
    input.add(Transaction.of("a", 1), Transaction.of("b", 2), Transaction.of("c", 3));
    Thread loop =
        Thread.ofVirtual()
            .start(
                () ->
                    TaskHarness.of(() -> new ScriptedConsumer(script))
                        .connector("input", input)
                        .policy(ConsumerPolicy.defaults("consumer"))
                        .openTelemetry(telemetry.openTelemetry())
                        .run());

    org.awaitility.Awaitility.await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> telemetry.gauge("ergon.backlog", Map.of()).orElse(-1) == 2);
    release.countDown();
    loop.join(Duration.ofSeconds(30));
    assertThat(telemetry.gauge("ergon.backlog", Map.of())).isEmpty();
  }

  @Test
  void logsInsideATransactionCarryItsTraceAndSpanIds() {
    Map<String, @Nullable String> seen = new java.util.concurrent.ConcurrentHashMap<>();
    script.process(
        tx -> {
          seen.put("trace_id", String.valueOf(MDC.get("trace_id")));
          seen.put("transaction_id", String.valueOf(MDC.get("transaction_id")));
          return "ok";
        });

    run(ConsumerPolicy.defaults("consumer"), Transaction.of("tx-7", "p"));

    assertThat(seen.get("trace_id")).isEqualTo(only("ergon.transaction").getTraceId());
    assertThat(seen.get("transaction_id")).isEqualTo("tx-7");
  }

  @Test
  void logRecordsEmittedInsideATransactionCarryItsTraceContext() {
    script.process(
        tx -> {
          telemetry
              .openTelemetry()
              .getLogsBridge()
              .get("orders")
              .logRecordBuilder()
              .setBody("pricing " + tx.id())
              .emit();
          return "ok";
        });

    run(ConsumerPolicy.defaults("consumer"), Transaction.of("tx-9", "p"));

    assertThat(telemetry.logs())
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.getBodyValue()).isNotNull();
              assertThat(r.getBodyValue().asString()).isEqualTo("pricing tx-9");
              assertThat(r.getSpanContext().getTraceId())
                  .isEqualTo(only("ergon.transaction").getTraceId());
            });
  }

  /** Produces one order into "orders". */
  static final class OrderProducer extends ProducerTask<@Nullable Void> {
    @Override
    public void execute() {
      produceTransactions(List.of(Transaction.of("order-1", Map.of("id", 1))));
    }

    @Override
    public @Nullable Void prepareTransaction(Transaction tx) throws Exception {
      connector("orders").dispatchTransactions(List.of(tx));
      return null;
    }
  }

  /** Consumes an order and dispatches a receipt through its connector view. */
  static final class ReceiptConsumer extends ConsumerTask<String> {
    @Override
    public String processTransaction(Transaction tx) {
      return "receipt-for-" + tx.id();
    }

    @Override
    public void handleProcessSuccess(Transaction tx, String receipt) throws Exception {
      connector("receipts").dispatchTransactions(List.of(Transaction.of(receipt, "r")));
    }
  }

  @Test
  void oneTraceFollowsATransactionFromProducerThroughABrokerToTheConsumerAndOnward() {
    InMemoryConnector orders = new InMemoryConnector();
    InMemoryConnector receipts = new InMemoryConnector();
    TaskHarness.of(OrderProducer::new)
        .connector("orders", orders.channel())
        .openTelemetry(telemetry.openTelemetry())
        .run();
    assertThat(orders.ready())
        .singleElement()
        .satisfies(tx -> assertThat(tx.metadata()).containsKey("traceparent"));

    TaskHarness.of(ReceiptConsumer::new)
        .connector("orders", orders.channel())
        .connector("receipts", receipts)
        .policy(ConsumerPolicy.builder("consumer").fetchConnector("orders").build())
        .openTelemetry(telemetry.openTelemetry())
        .run();

    List<SpanData> txSpans = telemetry.spans("ergon.transaction");
    assertThat(txSpans).hasSize(2); // produced, then consumed
    Set<String> traceIds = txSpans.stream().map(SpanData::getTraceId).collect(Collectors.toSet());
    assertThat(traceIds).hasSize(1);
    String receiptTraceparent = receipts.ready().get(0).metadata().get("traceparent");
    assertThat(receiptTraceparent).isNotNull();
    assertThat(receiptTraceparent.split("-")[1]).isEqualTo(traceIds.iterator().next());
  }

  @Test
  void aBatchOfSeveralLinksToTheIncomingTracesInsteadOfJoiningThem() {
    InMemoryConnector orders = new InMemoryConnector();
    for (int i = 0; i < 2; i++) {
      TaskHarness.of(OrderProducer::new)
          .connector("orders", orders.channel())
          .openTelemetry(telemetry.openTelemetry())
          .run();
    }
    telemetry.reset();

    TaskHarness.of(ReceiptConsumer::new)
        .connector("orders", orders.channel())
        .connector("receipts", new InMemoryConnector())
        .policy(ConsumerPolicy.builder("consumer").fetchConnector("orders").batchSize(2).build())
        .openTelemetry(telemetry.openTelemetry())
        .run();

    SpanData batch = only("ergon.batch");
    assertThat(telemetry.spans("ergon.transaction"))
        .hasSize(2)
        .allSatisfy(
            s -> {
              assertThat(childOf(s, batch)).isTrue();
              assertThat(s.getLinks()).hasSize(1);
            });
  }
}
