package dev.ergon.cli.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ergon.cli.TestTasks;
import dev.ergon.policy.ConsumerPolicy;
import dev.ergon.task.TaskConfig;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FromPropertiesTest {
  private static final List<String> TASKS = List.of("order-processor", "audit");

  @Test
  void hostPropertiesAreLaidOverThePolicyGivenInCodeWithTheirOwnSource() {
    ErgonConfiguration c =
        ErgonConfiguration.fromProperties(
            Map.of(
                "ergon.tasks.order-processor.policies.consumer.loop.concurrency.value", "9",
                "ergon.tasks.order-processor.connectors.input.queue", "orders",
                "spring.application.name", "ignored"),
            name -> "host property " + name,
            TASKS);

    TaskConfig config = c.task("order-processor").applyTo(TestTasks.orders());

    assertThat(((ConsumerPolicy) config.policies().get(0)).loop().concurrency().value())
        .isEqualTo(9);
    assertThat(c.task("order-processor").connector("input")).containsEntry("queue", "orders");
    assertThat(c.sources()).allMatch(s -> s.startsWith("host property ergon.tasks."));
  }

  @Test
  void anUnknownKeyFailsNamingTheKeyAndItsSource() {
    ErgonConfiguration c =
        ErgonConfiguration.fromProperties(
            Map.of("ergon.tasks.order-processor.policies.consumer.loop.concurency.value", "9"),
            name -> "host property " + name,
            TASKS);

    assertThatThrownBy(() -> c.task("order-processor").applyTo(TestTasks.orders()))
        .isInstanceOf(InvalidConfigurationException.class)
        .hasMessageContaining("loop.concurency.value")
        .hasMessageContaining("host property ergon.tasks.order-processor");
  }

  @Test
  void anUnknownTopLevelKeyBelowErgonFails() {
    assertThatThrownBy(
            () ->
                ErgonConfiguration.fromProperties(
                    Map.of("ergon.taks.order-processor.max_workers", "2"), n -> n, TASKS))
        .isInstanceOf(InvalidConfigurationException.class)
        .hasMessageContaining("unknown top-level key 'taks'");
  }
}
