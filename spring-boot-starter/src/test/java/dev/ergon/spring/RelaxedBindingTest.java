package dev.ergon.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ergon.policy.ConsumerPolicy;
import dev.ergon.task.TaskConfig;
import dev.ergon.test.InMemoryConnector;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/** Spring's relaxed names (kebab-case, environment variables) reach the keys of ergon.yaml. */
class RelaxedBindingTest {
  private final ApplicationContextRunner runner =
      new ApplicationContextRunner()
          .withConfiguration(AutoConfigurations.of(ErgonAutoConfiguration.class))
          .withBean(
              "myTask",
              TaskConfig.class,
              () ->
                  TaskConfig.builder("my-task")
                      .task(ErgonAutoConfigurationTest.Echo::new)
                      .connector("input", InMemoryConnector::new)
                      .policy(ConsumerPolicy.defaults("consumer"))
                      .build());

  private ApplicationContextRunner withEnvironment(Map<String, Object> variables) {
    return runner.withInitializer(
        c ->
            c.getEnvironment()
                .getPropertySources()
                .addFirst(new SystemEnvironmentPropertySource("testEnvironment", variables)));
  }

  @Test
  void kebabCaseKeysBindLikeSnakeCase() {
    runner
        .withPropertyValues(
            "ergon.tasks.my-task.policies.consumer.loop.empty-queue.backoff-multiplier=3",
            "ergon.tasks.my-task.supervision.unhealthy-grace=7s")
        .run(
            c -> {
              TaskConfig t = c.getBean(ErgonTasks.class).tasks().get(0);
              ConsumerPolicy p = (ConsumerPolicy) t.policies().get(0);
              assertThat(p.loop().emptyQueue().backoffMultiplier()).isEqualTo(3.0);
              assertThat(t.supervision().unhealthyGrace()).isEqualTo(Duration.ofSeconds(7));
            });
  }

  @Test
  void environmentVariablesBindAndWinOverFiles() {
    withEnvironment(
            Map.of(
                "ERGON_TASKS_MYTASK_POLICIES_CONSUMER_LOOP_CONCURRENCY_VALUE", "9",
                "ERGON_TASKS_MYTASK_SUPERVISION_CHECK_INTERVAL", "3s"))
        .withPropertyValues("ergon.tasks.my-task.policies.consumer.loop.concurrency.value=2")
        .run(
            c -> {
              TaskConfig t = c.getBean(ErgonTasks.class).tasks().get(0);
              assertThat(((ConsumerPolicy) t.policies().get(0)).loop().concurrency().value())
                  .isEqualTo(9);
              assertThat(t.supervision().checkInterval()).isEqualTo(Duration.ofSeconds(3));
            });
  }

  @Test
  void anUnknownKeyFromTheEnvironmentFailsNamingTheVariableAndItsSource() {
    withEnvironment(Map.of("ERGON_TASKS_MYTASK_SUPERVISION_UNHEALTHY_GRAEC", "3s"))
        .run(
            c ->
                assertThat(c)
                    .getFailure()
                    .rootCause()
                    .hasMessageContaining("tasks.my-task.supervision.unhealthy.graec")
                    .hasMessageContaining(
                        "environment variable ERGON_TASKS_MYTASK_SUPERVISION_UNHEALTHY_GRAEC from"
                            + " testEnvironment"));
  }

  @Test
  void anUnknownKebabKeyFailsNamingThePropertyAsWritten() {
    runner
        .withPropertyValues("ergon.tasks.my-task.policies.consumer.loop.concurency.value=2")
        .run(
            c ->
                assertThat(c)
                    .getFailure()
                    .rootCause()
                    .hasMessageContaining("tasks.my-task.policies.consumer.loop.concurency.value")
                    .hasMessageContaining("property ergon.tasks.my-task.policies.consumer"));
  }
}
