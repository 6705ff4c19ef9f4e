package dev.ergon.spring.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class RelaxedNamesTest {
  private static final List<String> TASKS = List.of("my-task", "orders");

  @Test
  void kebabAndCamelCaseKeysBecomeSnakeCaseAndTheTaskNameIsMatchedRelaxed() {
    assertThat(
            RelaxedNames.ofProperty(
                "ergon.tasks.my-task.policies.consumer.loop.empty-queue.backoff-multiplier", TASKS))
        .isEqualTo("ergon.tasks.my-task.policies.consumer.loop.empty_queue.backoff_multiplier");
    assertThat(RelaxedNames.ofProperty("ergon.tasks.myTask.supervision.unhealthyGrace", TASKS))
        .isEqualTo("ergon.tasks.my-task.supervision.unhealthy_grace");
    assertThat(RelaxedNames.ofProperty("ergon.tasks.orders.max-workers", TASKS))
        .isEqualTo("ergon.tasks.orders.max_workers");
  }

  @Test
  void policyConnectorAndServiceNamesAndFreeFormKeysStayAsWritten() {
    assertThat(
            RelaxedNames.ofProperty(
                "ergon.tasks.orders.policies.order-consumer.process.retry.max-attempts", TASKS))
        .isEqualTo("ergon.tasks.orders.policies.order-consumer.process.retry.max_attempts");
    assertThat(RelaxedNames.ofProperty("ergon.tasks.orders.connectors.my-input.lease-time", TASKS))
        .isEqualTo("ergon.tasks.orders.connectors.my-input.lease-time");
  }

  @Test
  void environmentVariablesAreRegroupedWithTheKeysOfErgonYaml() {
    assertThat(
            RelaxedNames.ofEnvironment(
                "ERGON_TASKS_MYTASK_POLICIES_CONSUMER_LOOP_EMPTY_QUEUE_BACKOFF_MULTIPLIER", TASKS))
        .isEqualTo("ergon.tasks.my-task.policies.consumer.loop.empty_queue.backoff_multiplier");
    assertThat(RelaxedNames.ofEnvironment("ERGON_TASKS_ORDERS_SUPERVISION_UNHEALTHY_GRACE", TASKS))
        .isEqualTo("ergon.tasks.orders.supervision.unhealthy_grace");
    assertThat(RelaxedNames.ofEnvironment("ERGON_TASKS_ORDERS_MAX_WORKERS", TASKS))
        .isEqualTo("ergon.tasks.orders.max_workers");
    assertThat(
            RelaxedNames.ofEnvironment(
                "ERGON_TASKS_ORDERS_POLICIES_ORDER_CONSUMER_TRANSACTION_RUNTIME_TIMEOUT", TASKS))
        .isEqualTo("ergon.tasks.orders.policies.order_consumer.transaction_runtime.timeout");
    assertThat(RelaxedNames.ofEnvironment("ERGON_TASKS_ORDERS_CONNECTORS_INPUT_LEASE_TIME", TASKS))
        .isEqualTo("ergon.tasks.orders.connectors.input.lease_time");
  }

  @Test
  void anUnknownTaskIsLeftForTheConfigurationToReject() {
    assertThat(RelaxedNames.ofEnvironment("ERGON_TASKS_ORDRES_MAX_WORKERS", TASKS))
        .isEqualTo("ERGON_TASKS_ORDRES_MAX_WORKERS");
    assertThat(RelaxedNames.ofProperty("ergon.tasks.ordres.max-workers", TASKS))
        .isEqualTo("ergon.tasks.ordres.max-workers");
  }
}
