package dev.ergon.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.ergon.ConfigurationException;
import dev.ergon.Ergon;
import dev.ergon.engine.internal.ConnectorAdapters;
import dev.ergon.policy.ConsumerPolicy;
import dev.ergon.policy.LoopMode;
import dev.ergon.policy.ProducerPolicy;
import dev.ergon.policy.RetryPolicy;
import dev.ergon.policy.ThreadKind;
import dev.ergon.task.AsyncConsumerTask;
import dev.ergon.task.AsyncProducerTask;
import dev.ergon.task.ConsumerTask;
import dev.ergon.task.ProducerTask;
import dev.ergon.task.TaskConfig;
import dev.ergon.transaction.Transaction;
import dev.ergon.transaction.TransactionException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.stream.IntStream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Core's own end-to-end checks of the engine; the full behaviour suite lives in ergon-test. */
class EngineTest {

  static List<Transaction> txs(int n) {
    return IntStream.range(0, n).mapToObj(i -> Transaction.of("tx-" + i, i)).toList();
  }

  /** Fails transactions whose payload is divisible by 4. */
  static final class Quartered extends ConsumerTask<Integer> {
    @Override
    public Integer processTransaction(Transaction tx) {
      int n = tx.payload(Integer.class);
      if (n % 4 == 0) {
        throw new IllegalStateException("divisible by 4: " + n);
      }
      return n;
    }
  }

  @ParameterizedTest
  @EnumSource(LoopMode.class)
  void consumesEverythingAndSettlesEachTransactionOnce(LoopMode mode) {
    QueueConnector input = new QueueConnector(txs(20));
    TaskConfig config =
        TaskConfig.builder("quartered")
            .task(Quartered::new)
            .connector("input", () -> input)
            .policy(
                ConsumerPolicy.builder("consumer")
                    .mode(mode)
                    .concurrency(3)
                    .batchSize(4)
                    .threads(ThreadKind.PLATFORM)
                    .build())
            .build();

    WorkerResult result = Ergon.run(config);

    RunReport report = result.reports().get(0);
    assertThat(report.fetched()).isEqualTo(20);
    assertThat(report.succeeded()).isEqualTo(15);
    assertThat(report.failedHandled()).isEqualTo(5);
    assertThat(report.endReason()).isEqualTo(EndReason.DRAINED);
    assertThat(input.acked).hasSize(20).doesNotHaveDuplicates();
    assertThat(input.closed).isTrue();
    assertThat(result.exitCode()).isZero();
  }

  /** An async consumer that completes stages on another thread. */
  static final class AsyncDoubler extends AsyncConsumerTask<Integer> {
    @Override
    public CompletionStage<Integer> processTransaction(Transaction tx) {
      return CompletableFuture.supplyAsync(() -> 2 * tx.payload(Integer.class));
    }
  }

  @Test
  void asyncTasksAndAsyncConnectorsRunOnTheSameEngine() {
    QueueConnector input = new QueueConnector(txs(10));
    TaskConfig config =
        TaskConfig.builder("async")
            .task(AsyncDoubler::new)
            .asyncConnector("input", () -> ConnectorAdapters.async(input))
            .policy(ConsumerPolicy.builder("consumer").concurrency(4).batchSize(3).build())
            .build();

    WorkerResult result = Ergon.run(config);

    assertThat(result.reports()).singleElement().extracting(RunReport::succeeded).isEqualTo(10L);
    assertThat(input.acked).hasSize(10);
  }

  /** Produces numbers into connector "out". */
  static final class Feeder extends ProducerTask<@Nullable Void> {
    @Override
    public void execute() {
      produceTransactions(txs(7).stream());
    }

    @Override
    public @Nullable Void prepareTransaction(Transaction tx) throws Exception {
      connector("out").dispatchTransactions(List.of(tx));
      return null;
    }
  }

  @Test
  void producersDispatchLazilyWithTheirPolicy() {
    QueueConnector out = new QueueConnector(List.of());
    TaskConfig config =
        TaskConfig.builder("feeder")
            .task(Feeder::new)
            .connector("out", () -> out)
            .policy(ProducerPolicy.builder("producer").batchSize(3).concurrency(2).build())
            .build();

    WorkerResult result = Ergon.run(config);

    assertThat(out.dispatched).hasSize(7);
    assertThat(result.reports().get(0).batches()).isEqualTo(3);
  }

  /** An async producer with a limit. */
  static final class AsyncFeeder extends AsyncProducerTask<String> {
    @Override
    public CompletionStage<@Nullable Void> execute() {
      return produceTransactions(txs(10)).thenApply(r -> null);
    }

    @Override
    public CompletionStage<String> prepareTransaction(Transaction tx) {
      return CompletableFuture.completedFuture(tx.id());
    }
  }

  @Test
  void asyncProducersReportEveryPreparedTransaction() {
    TaskConfig config =
        TaskConfig.builder("async-feeder")
            .task(AsyncFeeder::new)
            .service("nothing", Object::new)
            .build();

    WorkerResult result = Ergon.run(config);

    assertThat(result.reports().get(0).succeeded()).isEqualTo(10);
  }

  @Test
  void singleTransactionsReportTheirOutcomeAndExitCode() throws Exception {
    TaskConfig config =
        TaskConfig.builder("quartered")
            .task(Quartered::new)
            .connector("input", () -> new QueueConnector(txs(3)))
            .policy(
                ConsumerPolicy.builder("consumer")
                    .processRetry(RetryPolicy.builder().maxAttempts(2).build())
                    .build())
            .build();

    Outcome ok = Ergon.processTransaction(config, "consumer", Transaction.of("a", 1));
    Outcome failed = Ergon.processTransaction(config, "consumer", Transaction.of("b", 8));

    assertThat(ok.exitCode()).isZero();
    assertThat(failed).isInstanceOf(Outcome.FailedHandled.class);
    assertThat(failed.retries()).isEqualTo(1);
    assertThat(failed.exitCode()).isEqualTo(3);
    assertThatThrownBy(() -> Ergon.processTransaction(config, "nope", Transaction.of("c", 1)))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("nope")
        .hasMessageContaining("consumer");
  }

  @Test
  void byIdResolvesSettlesAndFailsClearlyForUnknownIds() throws Exception {
    QueueConnector input = new QueueConnector(txs(3));
    TaskConfig config =
        TaskConfig.builder("quartered")
            .task(Quartered::new)
            .connector("input", () -> input)
            .policy(ConsumerPolicy.defaults("consumer"))
            .build();

    try (Worker worker = Worker.start(config)) {
      assertThat(worker.processTransactionById("consumer", "tx-1"))
          .isInstanceOf(Outcome.Succeeded.class);
      assertThat(worker.connectorHealth()).containsOnlyKeys("input");
      assertThatThrownBy(() -> worker.processTransactionById("consumer", "missing"))
          .isInstanceOf(TransactionNotFoundException.class)
          .hasMessageContaining("missing")
          .hasMessageContaining("input");
    }
    assertThat(input.acked).containsExactly("tx-1");
  }

  @Test
  void theRuntimeTimeoutEndsAStuckTransactionWithATimeoutError() throws Exception {
    List<TransactionException> errors = new ArrayList<>();
    TaskConfig config =
        TaskConfig.builder("stuck")
            .task(
                () ->
                    new ConsumerTask<String>() {
                      @Override
                      public String processTransaction(Transaction tx) throws Exception {
                        new CompletableFuture<String>().get(); // waits until interrupted
                        return "never";
                      }

                      @Override
                      public void handleProcessException(
                          Transaction tx, TransactionException error) {
                        errors.add(error);
                      }
                    })
            .connector("input", () -> new QueueConnector(List.of()))
            .policy(ConsumerPolicy.builder("c").runtimeTimeout(Duration.ofMillis(100)).build())
            .build();

    Outcome outcome = Ergon.processTransaction(config, "c", Transaction.of("slow", 1));

    assertThat(outcome).isInstanceOf(Outcome.TimedOut.class);
    assertThat(outcome.exitCode()).isEqualTo(3);
    assertThat(errors)
        .singleElement()
        .extracting(TransactionException::category)
        .isEqualTo(TransactionException.Category.TIMEOUT);
  }

  @Test
  void probesNameTheTransactionsInFlight() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    ConsumerHooks<String> hooks =
        new ConsumerHooks<>() {
          @Override
          public String processTransaction(Transaction tx) throws Exception {
            release.await();
            return "ok";
          }

          @Override
          public void handleProcessSuccess(Transaction tx, String result) {}

          @Override
          public void handleProcessException(Transaction tx, TransactionException error) {}
        };
    QueueConnector input = new QueueConnector(txs(1));
    try (Engine engine = Engine.builder("probe").build()) {
      Thread loop =
          Thread.ofVirtual()
              .start(() -> engine.consume(hooks, ConsumerPolicy.defaults("c"), input, "input"));
      await()
          .atMost(Duration.ofSeconds(10))
          .until(
              () ->
                  engine.probes().containsKey("c")
                      && engine.probes().get("c").inFlight().containsKey("tx-0"));
      assertThat(engine.health().get("c"))
          .containsEntry("in_flight", 1)
          .containsEntry("fetched", 1L);
      release.countDown();
      loop.join(Duration.ofSeconds(10));
      assertThat(engine.probes().get("c").inFlight()).isEmpty();
      assertThat(engine.healthy()).isTrue();
    }
  }
}
