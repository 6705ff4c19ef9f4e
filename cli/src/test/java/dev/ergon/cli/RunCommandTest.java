package dev.ergon.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ergon.ConfigurationException;
import dev.ergon.policy.ConsumerPolicy;
import dev.ergon.task.TaskConfig;
import dev.ergon.test.InMemoryConnector;
import dev.ergon.transaction.Transaction;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class RunCommandTest {

  private static TaskConfig ordersWith(InMemoryConnector input) {
    return TaskConfig.builder("order-processor")
        .task(TestTasks.ActionTask::new)
        .connector("input", () -> input)
        .policy(ConsumerPolicy.builder("consumer").batchSize(2).build())
        .build();
  }

  @Test
  void runsTheTaskInProcessAndPrintsTheSummary() {
    InMemoryConnector input =
        InMemoryConnector.of(
            Transaction.of("a", Map.of("action", "ok")),
            Transaction.of("b", Map.of("action", "fail")),
            Transaction.of("c", Map.of("action", "ok")));

    Cli.Result r = Cli.with(ordersWith(input)).run("run", "order-processor");

    assertThat(r.code()).isZero();
    assertThat(r.out())
        .contains("task 'order-processor' ended:")
        .contains("policy 'consumer': drained after")
        .contains("fetched 3, succeeded 2, failed handled 1, failed unhandled 0")
        .contains("exit code 0");
    assertThat(input.acknowledged()).hasSize(3);
  }

  @Test
  void theLauncherGetsTheEffectiveConfigurationAndItsExitCodeIsReturned() {
    AtomicReference<TaskConfig> launched = new AtomicReference<>();
    AtomicReference<CliSettings> settings = new AtomicReference<>();
    TaskLauncher fake =
        (config, s) -> {
          launched.set(config);
          settings.set(s);
          return 143;
        };

    Cli.Result r =
        Cli.with(TestTasks.orders())
            .launcher(fake)
            .properties(Map.of("ergon.tasks.order-processor.max_workers", "3"))
            .env(
                Map.of(
                    "ERGON_TASKS__ORDER_PROCESSOR__POLICIES__CONSUMER__LOOP__CONCURRENCY__VALUE",
                        "9",
                    "ERGON_TASKS__ORDER_PROCESSOR__SUPERVISION__UNHEALTHY_GRACE", "45s",
                    "ERGON_TASKS__ORDER_PROCESSOR__CONNECTORS__INPUT__QUEUE", "orders"))
            .run("run", "order-processor", "--no-progress");

    assertThat(r.code()).isEqualTo(143);
    assertThat(r.out()).contains("exit code 143");
    assertThat(launched.get().maxWorkers()).isEqualTo(3);
    assertThat(((ConsumerPolicy) launched.get().policies().get(0)).loop().concurrency().value())
        .isEqualTo(9);
    assertThat(launched.get().supervision().unhealthyGrace()).isEqualTo(Duration.ofSeconds(45));
    assertThat(settings.get().task().connector("input")).containsEntry("queue", "orders");
  }

  @Test
  void aTaskFactoryReceivesItsConnectorSettings() {
    AtomicReference<Object> queue = new AtomicReference<>();
    TaskDefinition definition =
        TaskDefinition.of(
            "order-processor",
            s -> {
              queue.set(s.connector("input").get("queue"));
              return TestTasks.orders();
            });

    Cli.Result r =
        Cli.with()
            .task(definition)
            .launcher((c, s) -> 0)
            .env(Map.of("ERGON_TASKS__ORDER_PROCESSOR__CONNECTORS__INPUT__QUEUE", "orders"))
            .run("run", "order-processor");

    assertThat(r.code()).isZero();
    assertThat(queue.get()).isEqualTo("orders");
  }

  @Test
  void aFailingLauncherExitsOneWithItsMessage() {
    Cli.Result r =
        Cli.with(TestTasks.orders())
            .launcher(
                (c, s) -> {
                  throw new IllegalStateException("broker unreachable");
                })
            .run("run", "order-processor");

    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err()).contains("broker unreachable");
  }

  @Test
  void aConfigurationErrorFromTheLauncherExitsTwo() {
    Cli.Result r =
        Cli.with(TestTasks.orders())
            .launcher(
                (c, s) -> {
                  throw new ConfigurationException("no connector named 'x'");
                })
            .run("run", "order-processor");

    assertThat(r.code()).isEqualTo(2);
  }

  @Test
  void aTaskWhoseExecuteFailsExitsOne() {
    InMemoryConnector input = new InMemoryConnector();
    input.failNextFetches(1, () -> new IllegalStateException("fetch broke"));

    Cli.Result r = Cli.with(ordersWith(input)).run("run", "order-processor");

    assertThat(r.code()).isEqualTo(1);
    assertThat(r.out()).contains("fetch failed").contains("exit code 1");
  }

  @Test
  void anUnknownTaskExitsTwoListingTheKnownOnes() {
    Cli.Result r = Cli.with(TestTasks.orders(), TestTasks.audit()).run("run", "nope");

    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("unknown task 'nope'; known tasks: order-processor, audit");
  }

  @Test
  void aBadKeyInAnyTaskFailsAtStartUp() {
    Cli.Result r =
        Cli.with(TestTasks.orders(), TestTasks.audit())
            .launcher((c, s) -> 0)
            .properties(Map.of("ergon.tasks.audit.policies.audit-consumer.loop.streaming", "maybe"))
            .run("run", "order-processor");

    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err())
        .contains("tasks.audit.policies.audit-consumer.loop.streaming")
        .contains("'maybe'")
        .contains("system property ergon.tasks.audit.policies.audit-consumer.loop.streaming");
  }

  @Test
  void progressIsLoggedAsPlainLinesWhenNotATerminal() {
    InMemoryConnector input = InMemoryConnector.of(Transaction.of("a", Map.of("action", "ok")));
    TaskLauncher launcher =
        (config, s) -> {
          s.observer().onOutcome(Transaction.of("a", Map.of()), okOutcome());
          return new InProcessLauncher().run(config, s);
        };

    Cli.Result r = Cli.with(ordersWith(input)).launcher(launcher).run("run", "order-processor");

    assertThat(r.code()).isZero();
    assertThat(r.out()).doesNotContain("\r");
    assertThat(List.of(r.out().split("\\R"))).last().isEqualTo("exit code 0");
  }

  private static dev.ergon.engine.Outcome okOutcome() {
    return new dev.ergon.engine.Outcome.Succeeded(
        "a", 0, dev.ergon.engine.Outcome.Disposition.NONE);
  }
}
