package dev.ergon.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ergon.policy.ConsumerPolicy;
import dev.ergon.task.ConsumerTask;
import dev.ergon.task.TaskConfig;
import dev.ergon.test.InMemoryConnector;
import dev.ergon.transaction.Transaction;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.sdk.testing.junit5.OpenTelemetryExtension;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.actuate.autoconfigure.availability.AvailabilityHealthContributorAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.availability.AvailabilityProbesAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.endpoint.EndpointAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.health.HealthContributorAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.health.HealthEndpointAutoConfiguration;
import org.springframework.boot.actuate.health.HealthComponent;
import org.springframework.boot.actuate.health.HealthEndpoint;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.actuate.health.Status;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.availability.ApplicationAvailabilityAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

class ErgonAutoConfigurationTest {
  @RegisterExtension static final OpenTelemetryExtension OTEL = OpenTelemetryExtension.create();

  static final InMemoryConnector INPUT = new InMemoryConnector();

  /** Acknowledges what it gets. */
  public static final class Echo extends ConsumerTask<String> {
    @Override
    public String processTransaction(Transaction tx) {
      return tx.id();
    }
  }

  /** Fails at once. */
  public static final class Broken extends ConsumerTask<String> {
    @Override
    public void execute() {
      throw new IllegalStateException("broken on purpose");
    }

    @Override
    public String processTransaction(Transaction tx) {
      return tx.id();
    }
  }

  static TaskConfig orders() {
    return TaskConfig.builder("orders")
        .task(Echo::new)
        .connector("input", () -> INPUT)
        .policy(ConsumerPolicy.builder("consumer").streaming(true).build())
        .build();
  }

  private final ApplicationContextRunner runner =
      new ApplicationContextRunner()
          .withConfiguration(AutoConfigurations.of(ErgonAutoConfiguration.class))
          .withBean("orders", TaskConfig.class, ErgonAutoConfigurationTest::orders);

  @Test
  void theTasksBeanAndBothHealthIndicatorsArePresentByDefault() {
    runner.run(
        c -> {
          assertThat(c).hasSingleBean(ErgonTasks.class);
          assertThat(c).hasBean("ergonLiveness").hasBean("ergonReadiness");
          assertThat(c.getBean(ErgonTasks.class).tasks())
              .extracting(TaskConfig::name)
              .containsExactly("orders");
        });
  }

  @Test
  void ergonEnabledFalseTurnsEverythingOff() {
    runner
        .withPropertyValues("ergon.enabled=false")
        .run(
            c -> {
              assertThat(c).doesNotHaveBean(ErgonTasks.class);
              assertThat(c).doesNotHaveBean("ergonLiveness");
            });
  }

  @Test
  void withoutActuatorThereAreNoHealthIndicators() {
    runner
        .withClassLoader(new FilteredClassLoader(HealthIndicator.class))
        .run(
            c -> {
              assertThat(c).hasSingleBean(ErgonTasks.class);
              assertThat(c).doesNotHaveBean("ergonLiveness");
            });
  }

  @Test
  void policyAndSupervisionKeysBindFromPropertiesWithTheYamlKeyPaths() {
    runner
        .withPropertyValues(
            "ergon.tasks.orders.policies.consumer.loop.concurrency.value=7",
            "ergon.tasks.orders.supervision.check_interval=2s")
        .run(
            c -> {
              TaskConfig t = c.getBean(ErgonTasks.class).tasks().get(0);
              assertThat(((ConsumerPolicy) t.policies().get(0)).loop().concurrency().value())
                  .isEqualTo(7);
              assertThat(t.supervision().checkInterval()).isEqualTo(Duration.ofSeconds(2));
            });
  }

  @Test
  void anUnknownKeyFailsStartUpNamingTheKeyPath() {
    runner
        .withPropertyValues("ergon.tasks.orders.policies.consumer.loop.concurency.value=7")
        .run(
            c ->
                assertThat(c)
                    .getFailure()
                    .rootCause()
                    .hasMessageContaining("tasks.orders.policies.consumer.loop.concurency.value")
                    .hasMessageContaining("ergon.tasks.orders.policies.consumer"));
  }

  @Test
  void anUnknownTaskFailsStartUpNamingIt() {
    runner
        .withPropertyValues("ergon.tasks.ordres.max_workers=1")
        .run(
            c ->
                assertThat(c)
                    .getFailure()
                    .rootCause()
                    .hasMessageContaining("unknown task 'ordres'"));
  }

  @Test
  void theApplicationsOpenTelemetryBeanRecordsTheTasksSpans() {
    runner
        .withBean(OpenTelemetry.class, OTEL::getOpenTelemetry)
        .run(
            c -> {
              INPUT.add(Transaction.of("otel-1", "x"));
              await()
                  .atMost(Duration.ofSeconds(30))
                  .until(
                      () ->
                          OTEL.getSpans().stream().anyMatch(s -> s.getName().startsWith("ergon")));
            });
  }

  @Test
  void livenessAndReadinessFeedTheProbeHealthGroups() {
    runner
        .withConfiguration(
            AutoConfigurations.of(
                ApplicationAvailabilityAutoConfiguration.class,
                AvailabilityHealthContributorAutoConfiguration.class,
                AvailabilityProbesAutoConfiguration.class,
                EndpointAutoConfiguration.class,
                HealthContributorAutoConfiguration.class,
                HealthEndpointAutoConfiguration.class))
        .withPropertyValues("management.endpoint.health.probes.enabled=true")
        .run(
            c -> {
              HealthEndpoint health = c.getBean(HealthEndpoint.class);
              await()
                  .atMost(Duration.ofSeconds(30))
                  .untilAsserted(
                      () -> {
                        HealthComponent ready = health.healthForPath("readiness", "ergonReadiness");
                        assertThat(ready).isNotNull();
                        assertThat(ready.getStatus()).isEqualTo(Status.UP);
                      });
              HealthComponent live = health.healthForPath("liveness", "ergonLiveness");
              assertThat(live).isNotNull();
              assertThat(live.getStatus()).isEqualTo(Status.UP);
              assertThat(health.healthForPath("liveness", "ergonReadiness")).isNull();
              c.getBean(ErgonTasks.class).stop(() -> {});
              await()
                  .atMost(Duration.ofSeconds(30))
                  .untilAsserted(
                      () ->
                          assertThat(
                                  health.healthForPath("readiness", "ergonReadiness").getStatus())
                              .isEqualTo(Status.OUT_OF_SERVICE));
            });
  }

  @Test
  void aTaskThatFailedMakesLivenessDownNamingTheTask() {
    new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(ErgonAutoConfiguration.class))
        .withBean(
            "broken",
            TaskConfig.class,
            () ->
                TaskConfig.builder("broken")
                    .task(Broken::new)
                    .connector("input", InMemoryConnector::new)
                    .policy(ConsumerPolicy.defaults("consumer"))
                    .build())
        .run(
            c -> {
              HealthIndicator live = c.getBean("ergonLiveness", HealthIndicator.class);
              await()
                  .atMost(Duration.ofSeconds(30))
                  .untilAsserted(
                      () -> assertThat(live.health().getStatus()).isEqualTo(Status.DOWN));
              assertThat(String.valueOf(live.health().getDetails().get("reason")))
                  .contains("task 'broken'");
            });
  }
}
