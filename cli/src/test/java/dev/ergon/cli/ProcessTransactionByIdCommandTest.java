package dev.ergon.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ergon.connector.Connector;
import dev.ergon.policy.ConsumerPolicy;
import dev.ergon.task.TaskConfig;
import dev.ergon.test.InMemoryConnector;
import dev.ergon.transaction.Transaction;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProcessTransactionByIdCommandTest {

  @Test
  void aResolvedTransactionIsProcessedAndSettled() {
    InMemoryConnector input =
        InMemoryConnector.of(
            Transaction.of("a", Map.of("action", "ok")),
            Transaction.of("b", Map.of("action", "ok")));

    Cli.Result r =
        Cli.with(TestTasks.orders(() -> input))
            .run("process-transaction-by-id", "order-processor", "consumer", "b");

    assertThat(r.code()).isZero();
    assertThat(r.out()).contains("transaction b: succeeded; acknowledged");
    assertThat(input.acknowledged()).extracting(Transaction::id).containsExactly("b");
  }

  @Test
  void aHandledFailureExitsThree() {
    InMemoryConnector input = InMemoryConnector.of(Transaction.of("a", Map.of("action", "fail")));

    Cli.Result r =
        Cli.with(TestTasks.orders(() -> input))
            .run("process-transaction-by-id", "order-processor", "consumer", "a");

    assertThat(r.code()).isEqualTo(3);
  }

  @Test
  void anUnknownIdExitsOneWithAClearMessage() {
    Cli.Result r =
        Cli.with(TestTasks.orders())
            .run("process-transaction-by-id", "order-processor", "consumer", "missing");

    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err())
        .contains("transaction not found")
        .contains("connector 'input' has no transaction with id 'missing'");
  }

  @Test
  void aConnectorThatCannotResolveIdsExitsOneWithItsMessage() {
    Connector plain =
        new Connector() {
          @Override
          public List<Transaction> fetchTransactions(int batchSize) {
            return List.of();
          }

          @Override
          public void dispatchTransactions(List<Transaction> transactions) {}
        };
    TaskConfig config =
        TaskConfig.builder("plain")
            .task(TestTasks.ActionTask::new)
            .connector("source", () -> plain)
            .policy(ConsumerPolicy.defaults("consumer"))
            .build();

    Cli.Result r = Cli.with(config).run("process-transaction-by-id", "plain", "consumer", "x");

    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err())
        .contains("cannot resolve transactions by id")
        .contains("does not support resolveTransaction");
  }

  @Test
  void anUnknownPolicyExitsTwo() {
    Cli.Result r =
        Cli.with(TestTasks.orders())
            .run("process-transaction-by-id", "order-processor", "nope", "x");

    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("its policies: consumer (consumer), feeder (producer)");
  }
}
