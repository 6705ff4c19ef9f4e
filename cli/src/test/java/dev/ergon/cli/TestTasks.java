package dev.ergon.cli;

import dev.ergon.policy.ConsumerPolicy;
import dev.ergon.policy.ProducerPolicy;
import dev.ergon.task.ConsumerTask;
import dev.ergon.task.TaskConfig;
import dev.ergon.test.InMemoryConnector;
import dev.ergon.transaction.Transaction;
import dev.ergon.transaction.TransactionException;
import java.util.Map;
import java.util.function.Supplier;

/** Task configurations shared by the CLI and configuration tests. */
public final class TestTasks {
  private TestTasks() {}

  /**
   * A consumer whose behaviour follows the payload's {@code action}: {@code ok} succeeds, {@code
   * fail} fails and is handled, {@code fail-unhandled} fails in the exception handler too.
   */
  public static final class ActionTask extends ConsumerTask<String> {
    @Override
    public String processTransaction(Transaction transaction) {
      Object action = transaction.payload(Map.class).get("action");
      if (!"ok".equals(action)) {
        throw new IllegalStateException("asked to fail: " + action);
      }
      return "done";
    }

    @Override
    public void handleProcessException(Transaction transaction, TransactionException error) {
      if ("fail-unhandled".equals(transaction.payload(Map.class).get("action"))) {
        throw new IllegalStateException("exception handler fails too");
      }
    }
  }

  /**
   * The task {@code order-processor}: consumer policy {@code consumer} and producer policy {@code
   * feeder}, on one connector {@code input}.
   *
   * @param input builds the input connector
   * @return the configuration
   */
  public static TaskConfig orders(Supplier<InMemoryConnector> input) {
    return TaskConfig.builder("order-processor")
        .task(ActionTask::new)
        .connector("input", input)
        .policy(
            ConsumerPolicy.builder("consumer").concurrency(2).build(),
            ProducerPolicy.defaults("feeder"))
        .build();
  }

  /**
   * {@link #orders(Supplier)} with an empty connector.
   *
   * @return the configuration
   */
  public static TaskConfig orders() {
    return orders(InMemoryConnector::new);
  }

  /**
   * A second task, {@code audit}, with one consumer policy {@code audit-consumer}.
   *
   * @return the configuration
   */
  public static TaskConfig audit() {
    return TaskConfig.builder("audit")
        .task(ActionTask::new)
        .connector("input", InMemoryConnector::new)
        .policy(ConsumerPolicy.defaults("audit-consumer"))
        .build();
  }
}
