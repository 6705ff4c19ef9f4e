package dev.ergon.task;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ergon.ConfigurationException;
import dev.ergon.connector.AsyncConnector;
import dev.ergon.connector.Connector;
import dev.ergon.engine.RunReport;
import dev.ergon.engine.Worker;
import dev.ergon.engine.WorkerResult;
import dev.ergon.policy.ConsumerPolicy;
import dev.ergon.policy.ProducerPolicy;
import dev.ergon.test.AsyncInMemoryConnector;
import dev.ergon.test.InMemoryConnector;
import dev.ergon.test.Settlement;
import dev.ergon.transaction.Transaction;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A task reaches its connectors, services and policies by name, typed, and a name that is not
 * configured fails clearly, at start-up when declared as a {@link Ref} (behaviour.md §2).
 */
class TaskDependenciesTest {
  private final InMemoryConnector input = new InMemoryConnector();
  private final List<Object> seen = new CopyOnWriteArrayList<>();

  private TaskConfig.Builder config(Task task) {
    return TaskConfig.builder("orders").task(() -> task).connector("input", () -> input);
  }

  private WorkerResult run(TaskConfig config) {
    try (Worker worker = Worker.start(config)) {
      return worker.execute();
    }
  }

  /** Declares a connector that is not configured. */
  static final class NeedsMissingConnector extends ProbeTask {
    final Ref<Connector> output = connectorRef("output");
  }

  /** Declares a service with the wrong type. */
  static final class NeedsIntegerClock extends ProbeTask {
    final Ref<Integer> clock = serviceRef("clock", Integer.class);
  }

  /** Declares a consumer policy that is a producer policy. */
  static final class NeedsConsumerPolicy extends ProbeTask {
    final Ref<ConsumerPolicy> policy = consumerPolicyRef("publish");
  }

  /** Declares what is configured, in each shape. */
  static final class NeedsEverything extends ProbeTask {
    final Ref<Connector> input = connectorRef("input");
    final Ref<InMemoryConnector> typedInput = connectorRef("input", InMemoryConnector.class);
    final Ref<AsyncConnector> asyncInput = asyncConnectorRef("input");
    final Ref<String> clock = serviceRef("clock", String.class);
    final Ref<ProducerPolicy> publish = producerPolicyRef("publish");

    NeedsEverything() {
      super(t -> {});
    }
  }

  @Test
  void aConnectorThatIsNotConfiguredFailsListingTheConfiguredOnes() {
    WorkerResult result =
        run(
            config(new ProbeTask(t -> t.connector("inbox")))
                .connector("output", InMemoryConnector::new)
                .build());

    assertThat(result.failure())
        .isInstanceOf(ConfigurationException.class)
        .hasMessage("task 'orders' has no connector named 'inbox'; configured: [input, output]");
  }

  @Test
  void aDeclaredConnectorThatIsNotConfiguredFailsWhenTheWorkerStartsBeforeAnyFetch() {
    TaskConfig config =
        config(new NeedsMissingConnector()).policy(ConsumerPolicy.defaults("consumer")).build();
    input.add(Transaction.of("t1", "p"));

    assertThatThrownBy(() -> Worker.start(config))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("'output'")
        .hasMessageContaining("[input]");
    assertThat(input.fetchCount()).isZero();
    assertThat(input.isClosed()).isTrue();
  }

  @Test
  void aServiceOfTheWrongTypeFailsNamingBothTypes() {
    TaskConfig config = config(new NeedsIntegerClock()).service("clock", () -> "tick").build();

    assertThatThrownBy(() -> Worker.start(config))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("service 'clock'")
        .hasMessageContaining(String.class.getName())
        .hasMessageContaining(Integer.class.getName());
  }

  @Test
  void aServiceThatIsNotConfiguredFailsListingTheConfiguredOnes() {
    WorkerResult result =
        run(
            config(new ProbeTask(t -> t.service("openai", Object.class)))
                .service("clock", () -> "tick")
                .build());

    assertThat(result.failure())
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("no service named 'openai'")
        .hasMessageContaining("[clock]");
  }

  @Test
  void aProducerPolicyLookedUpAsAConsumerPolicyFailsClearly() {
    WorkerResult result =
        run(
            config(new ProbeTask(t -> t.consumerPolicy("publish")))
                .policy(ProducerPolicy.defaults("publish"))
                .build());

    assertThat(result.failure())
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("policy 'publish'")
        .hasMessageContaining(ProducerPolicy.class.getName())
        .hasMessageContaining(ConsumerPolicy.class.getName());
  }

  @Test
  void aDeclaredPolicyOfTheWrongKindFailsWhenTheWorkerStarts() {
    TaskConfig config =
        config(new NeedsConsumerPolicy()).policy(ProducerPolicy.defaults("publish")).build();

    assertThatThrownBy(() -> Worker.start(config))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("policy 'publish'")
        .hasMessageContaining(ProducerPolicy.class.getName());
  }

  @Test
  void declaredDependenciesResolveToTheConfiguredInstances() throws Exception {
    NeedsEverything task = new NeedsEverything();
    assertThatThrownBy(() -> task.input.get())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("connector 'input'")
        .hasMessageContaining("resolved when the worker starts the task");

    try (Worker worker =
        Worker.start(
            config(task)
                .service("clock", () -> "tick")
                .policy(ProducerPolicy.defaults("publish"))
                .build())) {
      assertThat(worker.task()).isSameAs(task);
      // the plain view forwards to the instance (and adds trace context to what it dispatches);
      // the typed reference is the instance itself
      task.input.get().dispatchTransactions(List.of(Transaction.of("via-view", "p")));
      assertThat(input.dispatched()).extracting(Transaction::id).contains("via-view");
      assertThat(task.typedInput.get()).isSameAs(input);
      assertThat(task.asyncInput.get()).isNotNull();
      assertThat(task.clock.get()).isEqualTo("tick");
      assertThat(task.publish.get().name()).isEqualTo("publish");
    }
  }

  @Test
  void aTaskCannotReachItsDependenciesBeforeItIsBound() {
    ProbeTask task = new ProbeTask();

    assertThatThrownBy(() -> task.connector("input"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("not bound");
  }

  @Test
  void aBlockingConnectorCanBeUsedThroughItsAsynchronousView() {
    input.add(Transaction.of("t1", "p"));

    WorkerResult result =
        run(
            config(
                    new ProbeTask(
                        t -> {
                          AsyncConnector view = t.asyncConnector("input");
                          List<Transaction> got =
                              view.fetchTransactions(5)
                                  .toCompletableFuture()
                                  .get(30, TimeUnit.SECONDS);
                          seen.addAll(got);
                          view.acknowledge(got.get(0))
                              .toCompletableFuture()
                              .get(30, TimeUnit.SECONDS);
                          view.dispatchTransactions(List.of(Transaction.of("t2", "q")))
                              .toCompletableFuture()
                              .get(30, TimeUnit.SECONDS);
                        }))
                .build());

    assertThat(result.failure()).isNull();
    assertThat(seen).extracting(o -> ((Transaction) o).id()).containsExactly("t1");
    assertThat(input.settlementLog()).containsExactly(Settlement.acknowledged("t1"));
    assertThat(input.dispatched()).extracting(Transaction::id).containsExactly("t2");
  }

  @Test
  void anAsynchronousConnectorCanBeUsedThroughItsBlockingView() {
    InMemoryConnector queue = InMemoryConnector.of(Transaction.of("t1", "p"));
    AsyncInMemoryConnector async = new AsyncInMemoryConnector(queue);

    WorkerResult result =
        run(
            config(
                    new ProbeTask(
                        t -> {
                          Connector view = t.connector("queue");
                          List<Transaction> got = view.fetchTransactions(5);
                          seen.addAll(got);
                          view.acknowledge(got.get(0));
                          seen.add(t.connector("queue", AsyncInMemoryConnector.class));
                          seen.add(t.asyncConnector("queue"));
                        }))
                .asyncConnector("queue", () -> async)
                .build());

    assertThat(result.failure()).isNull();
    assertThat(((Transaction) seen.get(0)).id()).isEqualTo("t1");
    assertThat(seen.get(1)).isSameAs(async);
    assertThat(seen.get(2)).isInstanceOf(AsyncConnector.class);
    assertThat(queue.settlementLog()).containsExactly(Settlement.acknowledged("t1"));
  }

  @Test
  void theDefaultExecuteConsumesWithTheOnlyConsumerPolicy() {
    input.add(Transaction.of("t1", "p"), Transaction.of("t2", "p"));

    WorkerResult result =
        run(
            config(new ProbeTask())
                .policy(
                    ConsumerPolicy.builder("orders-in").concurrency(2).build(),
                    ProducerPolicy.defaults("publish"))
                .build());

    assertThat(result.failure()).isNull();
    RunReport report = result.reports().get(0);
    assertThat(report.policy()).isEqualTo("orders-in");
    assertThat(report.succeeded()).isEqualTo(2);
    assertThat(input.lastConcurrencyHint()).hasValue(2);
  }

  @Test
  void theDefaultExecuteRefusesToChooseBetweenTwoConsumerPolicies() {
    input.add(Transaction.of("t1", "p"));

    WorkerResult result =
        run(
            config(new ProbeTask())
                .policy(ConsumerPolicy.defaults("fast"), ConsumerPolicy.defaults("slow"))
                .build());

    assertThat(result.failure())
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("[fast, slow]");
    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(input.fetchCount()).isZero();
  }

  @Test
  void theDefaultExecuteUsesTheDefaultPolicyWhenThereIsNone() {
    input.add(Transaction.of("t1", "p"));

    WorkerResult result = run(config(new ProbeTask()).build());

    assertThat(result.failure()).isNull();
    assertThat(result.reports())
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.policy()).isEqualTo("default");
              assertThat(r.succeeded()).isEqualTo(1);
            });
  }
}
