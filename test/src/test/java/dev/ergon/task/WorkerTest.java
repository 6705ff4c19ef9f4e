package dev.ergon.task;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ergon.connector.Connector;
import dev.ergon.connector.UnsupportedCapabilityException;
import dev.ergon.engine.EndReason;
import dev.ergon.engine.Outcome;
import dev.ergon.engine.TransactionNotFoundException;
import dev.ergon.engine.Worker;
import dev.ergon.engine.WorkerResult;
import dev.ergon.policy.ConsumerPolicy;
import dev.ergon.test.InMemoryConnector;
import dev.ergon.test.Settlement;
import dev.ergon.transaction.Transaction;
import dev.ergon.transaction.TransactionException;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/**
 * A worker's start-up and shutdown order, its result and exit codes, and single-transaction
 * execution (behaviour.md §2, §7, §8).
 */
class WorkerTest {
  private final List<String> events = new CopyOnWriteArrayList<>();

  /** A connector that records when it is built and closed. */
  private final class RecordingConnector implements Connector {
    private final String name;

    RecordingConnector(String name) {
      this.name = name;
      events.add("open " + name);
    }

    @Override
    public List<Transaction> fetchTransactions(int batchSize) {
      return List.of();
    }

    @Override
    public void dispatchTransactions(List<Transaction> transactions) {}

    @Override
    public void close() {
      events.add("close " + name);
    }
  }

  /** A service that records when it is built and closed. */
  private final class RecordingService implements AutoCloseable {
    private final String name;

    RecordingService(String name) {
      this.name = name;
      events.add("open " + name);
    }

    @Override
    public void close() {
      events.add("close " + name);
    }
  }

  /** A task that records its construction, execute() and exit(). */
  private final class RecordingTask extends ConsumerTask<Object> {
    private final @Nullable Exception failure;

    RecordingTask(@Nullable Exception failure) {
      this.failure = failure;
      events.add("task");
    }

    @Override
    public Object processTransaction(Transaction transaction) {
      return transaction.id();
    }

    @Override
    public void execute() throws Exception {
      events.add("execute");
      if (failure != null) {
        throw failure;
      }
    }

    @Override
    public void exit() {
      events.add("exit");
    }
  }

  private RecordingTask task() {
    return new RecordingTask(null);
  }

  /** A consumer whose outcome follows the payload: ok, fail (handled), or worse (unhandled). */
  static final class Judge extends ConsumerTask<Object> {
    @Override
    public Object processTransaction(Transaction transaction) {
      if (!transaction.payload().equals("ok")) {
        throw new IllegalStateException("cannot process " + transaction.id());
      }
      return "done";
    }

    @Override
    public void handleProcessException(Transaction transaction, TransactionException error) {
      if (transaction.payload().equals("worse")) {
        throw new IllegalStateException("cannot handle " + transaction.id());
      }
    }
  }

  /** The smallest connector: fetch and dispatch only. */
  static final class MinimalConnector implements Connector {
    @Override
    public List<Transaction> fetchTransactions(int batchSize) {
      return List.of();
    }

    @Override
    public void dispatchTransactions(List<Transaction> transactions) {}
  }

  private static TaskConfig judge(Connector input) {
    return TaskConfig.builder("judge")
        .task(Judge::new)
        .connector("input", () -> input)
        .policy(ConsumerPolicy.defaults("consumer"))
        .build();
  }

  @Test
  void startsConnectorsInOrderThenServicesThenTheTaskAndClosesInReverse() {
    TaskConfig config =
        TaskConfig.builder("ordered")
            .task(this::task)
            .connector("a", () -> new RecordingConnector("a"))
            .connector("b", () -> new RecordingConnector("b"))
            .service("x", () -> new RecordingService("x"))
            .service("y", () -> new RecordingService("y"))
            .build();

    try (Worker worker = Worker.start(config)) {
      assertThat(worker.execute().exitCode()).isZero();
    }

    assertThat(events)
        .containsExactly(
            "open a", "open b", "open x", "open y", "task", "execute", "exit", "close y", "close x",
            "close b", "close a");
  }

  @Test
  void aConnectorWhoseFactoryThrowsClosesWhatWasBuiltAndTheFailurePropagates() {
    IllegalStateException down = new IllegalStateException("b is down");
    TaskConfig config =
        TaskConfig.builder("broken")
            .task(this::task)
            .connector("a", () -> new RecordingConnector("a"))
            .connector(
                "b",
                () -> {
                  throw down;
                })
            .connector("c", () -> new RecordingConnector("c"))
            .service("x", () -> new RecordingService("x"))
            .build();

    assertThatThrownBy(() -> Worker.start(config)).isSameAs(down);
    assertThat(events).containsExactly("open a", "close a");
  }

  @Test
  void aServiceWhoseFactoryThrowsClosesTheServicesAndConnectorsBuiltInReverse() {
    TaskConfig config =
        TaskConfig.builder("broken")
            .task(this::task)
            .connector("a", () -> new RecordingConnector("a"))
            .connector("b", () -> new RecordingConnector("b"))
            .service("x", () -> new RecordingService("x"))
            .service(
                "y",
                () -> {
                  throw new IllegalStateException("y is down");
                })
            .build();

    assertThatThrownBy(() -> Worker.start(config)).hasMessage("y is down");
    assertThat(events)
        .containsExactly("open a", "open b", "open x", "close x", "close b", "close a");
  }

  @Test
  void aTaskFactoryThatThrowsClosesEverythingBuilt() {
    TaskConfig config =
        TaskConfig.builder("broken")
            .task(
                () -> {
                  throw new IllegalStateException("no task today");
                })
            .connector("a", () -> new RecordingConnector("a"))
            .service("x", () -> new RecordingService("x"))
            .build();

    assertThatThrownBy(() -> Worker.start(config)).hasMessage("no task today");
    assertThat(events).containsExactly("open a", "open x", "close x", "close a");
  }

  @Test
  void exitRunsEvenWhenExecuteFailsAndTheResultCarriesTheFailure() {
    IOException failure = new IOException("execute broke");
    TaskConfig config =
        TaskConfig.builder("failing")
            .task(() -> new RecordingTask(failure))
            .connector("a", () -> new RecordingConnector("a"))
            .build();

    WorkerResult result;
    try (Worker worker = Worker.start(config)) {
      result = worker.execute();
    }

    assertThat(result.failure()).isSameAs(failure);
    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(events).containsExactly("open a", "task", "execute", "exit", "close a");
  }

  @Test
  void theExitCodeIsZeroWhenTheLoopDrainsEvenIfSomeTransactionsFailed() {
    InMemoryConnector input =
        InMemoryConnector.of(Transaction.of("t1", "ok"), Transaction.of("t2", "fail"));

    WorkerResult result;
    try (Worker worker = Worker.start(judge(input))) {
      result = worker.execute();
    }

    assertThat(result.reports())
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.endReason()).isEqualTo(EndReason.DRAINED);
              assertThat(r.succeeded()).isEqualTo(1);
              assertThat(r.failedHandled()).isEqualTo(1);
            });
    assertThat(result.exitCode()).isZero();
  }

  @Test
  void theExitCodeIsOneWhenAFetchFails() {
    InMemoryConnector input = InMemoryConnector.of(Transaction.of("t1", "ok"));
    input.failNextFetches(1, () -> new IOException("source down"));

    WorkerResult result;
    try (Worker worker = Worker.start(judge(input))) {
      result = worker.execute();
    }

    assertThat(result.failure()).isNull();
    assertThat(result.reports().get(0).endReason()).isEqualTo(EndReason.FETCH_FAILED);
    assertThat(result.exitCode()).isEqualTo(1);
  }

  @Test
  void processTransactionReturnsTheOutcomeAndItsExitCodeWithoutSettling() throws Exception {
    InMemoryConnector input = new InMemoryConnector();

    try (Worker worker = Worker.start(judge(input))) {
      Outcome ok = worker.processTransaction("consumer", Transaction.of("t1", "ok"));
      Outcome handled = worker.processTransaction("consumer", Transaction.of("t2", "fail"));
      Outcome unhandled = worker.processTransaction("consumer", Transaction.of("t3", "worse"));

      assertThat(ok).isInstanceOf(Outcome.Succeeded.class);
      assertThat(ok.exitCode()).isZero();
      assertThat(handled).isInstanceOf(Outcome.FailedHandled.class);
      assertThat(handled.exitCode()).isEqualTo(3);
      assertThat(unhandled).isInstanceOf(Outcome.FailedUnhandled.class);
      assertThat(unhandled.exitCode()).isEqualTo(1);
    }
    assertThat(input.settlementLog()).isEmpty();
  }

  @Test
  void processTransactionByIdResolvesTheTransactionAndAcknowledgesIt() throws Exception {
    InMemoryConnector input =
        InMemoryConnector.of(Transaction.of("t1", "ok"), Transaction.of("t2", "ok"));

    Outcome outcome;
    try (Worker worker = Worker.start(judge(input))) {
      outcome = worker.processTransactionById("consumer", "t2");
    }

    assertThat(outcome).isEqualTo(new Outcome.Succeeded("t2", 0, Outcome.Disposition.ACKNOWLEDGED));
    assertThat(input.settlementLog()).containsExactly(Settlement.acknowledged("t2"));
    assertThat(input.ready()).extracting(Transaction::id).containsExactly("t1");
  }

  @Test
  void processTransactionByIdWithAnUnknownIdNamesTheIdAndTheConnector() {
    InMemoryConnector input = InMemoryConnector.of(Transaction.of("t1", "ok"));

    try (Worker worker = Worker.start(judge(input))) {
      assertThatThrownBy(() -> worker.processTransactionById("consumer", "t404"))
          .isInstanceOf(TransactionNotFoundException.class)
          .hasMessageContaining("'t404'")
          .hasMessageContaining("'input'");
    }
  }

  @Test
  void processTransactionByIdOnAConnectorThatCannotResolveSaysSoClearly() {
    try (Worker worker = Worker.start(judge(new MinimalConnector()))) {
      assertThatThrownBy(() -> worker.processTransactionById("consumer", "t1"))
          .isInstanceOf(UnsupportedCapabilityException.class)
          .hasMessageContaining(MinimalConnector.class.getName())
          .hasMessageContaining("resolveTransaction");
    }
  }

  @Test
  void processTransactionWithAnUnknownPolicyListsTheConfiguredOnes() {
    try (Worker worker = Worker.start(judge(new InMemoryConnector()))) {
      assertThatThrownBy(() -> worker.processTransaction("nope", Transaction.of("t1", "ok")))
          .hasMessageContaining("'nope'")
          .hasMessageContaining("[consumer]");
    }
  }
}
