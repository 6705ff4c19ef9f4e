package dev.ergon.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ProcessTransactionCommandTest {
  private final Cli cli = Cli.with(TestTasks.orders(), TestTasks.audit());

  @Test
  void aTransactionThatSucceedsExitsZero() {
    Cli.Result r =
        cli.run(
            "process-transaction",
            "order-processor",
            "consumer",
            "--payload-json",
            "{\"action\":\"ok\"}",
            "--id",
            "tx-1");

    assertThat(r.code()).isZero();
    assertThat(r.out()).contains("transaction tx-1: succeeded").contains("exit code 0");
  }

  @Test
  void aFailureTheExceptionHandlerHandledExitsThree() {
    Cli.Result r =
        cli.run(
            "process-transaction",
            "order-processor",
            "consumer",
            "--payload-json",
            "{\"action\":\"fail\"}",
            "--id",
            "tx-2");

    assertThat(r.code()).isEqualTo(3);
    assertThat(r.out())
        .contains("transaction tx-2: failed, handled by the exception handler")
        .contains("asked to fail: fail");
  }

  @Test
  void aFailureTheExceptionHandlerCouldNotHandleExitsOne() {
    Cli.Result r =
        cli.run(
            "process-transaction",
            "order-processor",
            "consumer",
            "--payload-json",
            "{\"action\":\"fail-unhandled\"}");

    assertThat(r.code()).isEqualTo(1);
    assertThat(r.out()).contains("failed and the exception handler failed too");
  }

  @Test
  void badJsonExitsTwoNamingTheProblem() {
    Cli.Result r =
        cli.run(
            "process-transaction", "order-processor", "consumer", "--payload-json", "{\"action\":");

    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("invalid JSON payload").contains("column");
    assertThat(r.out()).isEmpty();
  }

  @Test
  void aJsonNullPayloadExitsTwo() {
    Cli.Result r =
        cli.run("process-transaction", "order-processor", "consumer", "--payload-json", "null");

    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("the payload is null");
  }

  @Test
  void anUnknownTaskExitsTwoListingTheKnownOnes() {
    Cli.Result r = cli.run("process-transaction", "orders", "consumer", "--payload-json", "{}");

    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("unknown task 'orders'; known tasks: order-processor, audit");
  }

  @Test
  void anUnknownPolicyExitsTwoListingTheTasksPolicies() {
    Cli.Result r =
        cli.run("process-transaction", "order-processor", "consumr", "--payload-json", "{}");

    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err())
        .contains("task 'order-processor' has no policy 'consumr'")
        .contains("consumer (consumer), feeder (producer)");
  }

  @Test
  void aProducerPolicyExitsTwoNamingTheConsumerOnes() {
    Cli.Result r =
        cli.run("process-transaction", "order-processor", "feeder", "--payload-json", "{}");

    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("is a producer policy").contains("consumer (consumer)");
  }

  @Test
  void aMissingPayloadOptionIsAUsageErrorExitingTwo() {
    Cli.Result r = cli.run("process-transaction", "order-processor", "consumer");

    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("--payload-json");
  }

  @Test
  void metadataOptionsReachTheTransaction() {
    var seen = new java.util.concurrent.atomic.AtomicReference<Map<String, String>>();
    var config =
        dev.ergon.task.TaskConfig.builder("meta")
            .task(
                () ->
                    new dev.ergon.task.ConsumerTask<String>() {
                      @Override
                      public String processTransaction(dev.ergon.transaction.Transaction tx) {
                        seen.set(tx.metadata());
                        return "ok";
                      }
                    })
            .connector("input", dev.ergon.test.InMemoryConnector::new)
            .policy(dev.ergon.policy.ConsumerPolicy.defaults("consumer"))
            .build();

    Cli.Result r =
        Cli.with(config)
            .run(
                "process-transaction",
                "meta",
                "consumer",
                "--payload-json",
                "[1,2]",
                "--metadata",
                "source=cli",
                "--metadata",
                "tenant=7");

    assertThat(r.code()).isZero();
    assertThat(seen.get())
        .containsExactlyInAnyOrderEntriesOf(Map.of("source", "cli", "tenant", "7"));
  }

  @Test
  void theConfiguredPolicyIsUsed() {
    Cli.Result r =
        cli.env(
                Map.of(
                    "ERGON_TASKS__ORDER_PROCESSOR__POLICIES__CONSUMER__PROCESS__RETRY__MAX_ATTEMPTS",
                    "3"))
            .run(
                "process-transaction",
                "order-processor",
                "consumer",
                "--payload-json",
                "{\"action\":\"fail\"}",
                "--id",
                "tx-3");

    assertThat(r.code()).isEqualTo(3);
    assertThat(r.out()).contains("(retries 2, exit code 3)");
  }

  @Test
  void aConfigurationErrorExitsTwoNamingTheKey() {
    Cli.Result r =
        cli.env(Map.of("ERGON_TASKS__ORDER_PROCESSOR__POLICIES__CONSUMER__LOOP__CONCURENCY", "3"))
            .run("process-transaction", "order-processor", "consumer", "--payload-json", "{}");

    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err())
        .contains("tasks.order-processor.policies.consumer.loop.concurency")
        .contains(
            "environment variable ERGON_TASKS__ORDER_PROCESSOR__POLICIES__CONSUMER__LOOP__CONCURENCY");
  }
}
