package dev.ergon.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ergon.policy.ConsumerPolicy;
import dev.ergon.task.ConsumerTask;
import dev.ergon.task.TaskConfig;
import dev.ergon.test.InMemoryConnector;
import dev.ergon.transaction.Transaction;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.autoconfigure.availability.AvailabilityHealthContributorAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.availability.AvailabilityProbesAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.endpoint.EndpointAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.health.HealthContributorAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.health.HealthEndpointAutoConfiguration;
import org.springframework.boot.actuate.health.CompositeHealth;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthEndpoint;
import org.springframework.boot.actuate.health.Status;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.availability.ApplicationAvailabilityAutoConfiguration;
import org.springframework.boot.autoconfigure.context.LifecycleAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * {@code supervision.unhealthy_grace} from the application's properties: a wedged task turns the
 * Actuator {@code liveness} group DOWN, the reason naming the task, supervision and the stuck
 * transaction, and it stays DOWN.
 */
class SupervisionHealthTest {
  static final InMemoryConnector INPUT = new InMemoryConnector();
  static final CountDownLatch RELEASE = new CountDownLatch(1);

  /** Wedges on every transaction until the test ends. */
  public static final class Wedged extends ConsumerTask<String> {
    @Override
    public String processTransaction(Transaction tx) throws Exception {
      RELEASE.await(120, TimeUnit.SECONDS);
      return tx.id();
    }
  }

  @AfterEach
  void release() {
    RELEASE.countDown();
  }

  @Test
  void aWedgedTaskTurnsTheLivenessGroupDownAfterTheUnhealthyGrace() {
    new ApplicationContextRunner()
        .withConfiguration(
            AutoConfigurations.of(
                ErgonAutoConfiguration.class,
                LifecycleAutoConfiguration.class,
                ApplicationAvailabilityAutoConfiguration.class,
                AvailabilityHealthContributorAutoConfiguration.class,
                AvailabilityProbesAutoConfiguration.class,
                EndpointAutoConfiguration.class,
                HealthContributorAutoConfiguration.class,
                HealthEndpointAutoConfiguration.class))
        .withBean(
            "wedged",
            TaskConfig.class,
            () ->
                TaskConfig.builder("wedged")
                    .task(Wedged::new)
                    .connector("input", () -> INPUT)
                    .policy(ConsumerPolicy.builder("consumer").streaming(true).build())
                    .build())
        .withPropertyValues(
            "management.endpoint.health.probes.enabled=true",
            "management.endpoint.health.show-details=always",
            "management.endpoint.health.group.liveness.show-details=always",
            "ergon.tasks.wedged.supervision.check_interval=100ms",
            "ergon.tasks.wedged.supervision.startup_grace=0s",
            "ergon.tasks.wedged.supervision.processing_stale_after=300ms",
            "ergon.tasks.wedged.supervision.unhealthy_grace=1s",
            "spring.lifecycle.timeout-per-shutdown-phase=1s")
        .run(
            c -> {
              HealthEndpoint health = c.getBean(HealthEndpoint.class);
              INPUT.add(Transaction.of("tx-wedged", "{}"));
              await()
                  .atMost(Duration.ofSeconds(30))
                  .untilAsserted(
                      () -> {
                        Health live = (Health) health.healthForPath("liveness", "ergonLiveness");
                        assertThat(live.getStatus()).isEqualTo(Status.DOWN);
                        assertThat(String.valueOf(live.getDetails().get("reason")))
                            .contains("task 'wedged'")
                            .contains("stopped by supervision")
                            .contains("tx-wedged");
                      });
              CompositeHealth group = (CompositeHealth) health.healthForPath("liveness");
              assertThat(group.getStatus()).isEqualTo(Status.DOWN);
              assertThat(((Health) health.healthForPath("readiness", "ergonReadiness")).getStatus())
                  .isEqualTo(Status.OUT_OF_SERVICE);
              Map<String, Object> tasks =
                  ((Health) health.healthForPath("liveness", "ergonLiveness")).getDetails();
              assertThat(tasks).containsKey("tasks");
            });
  }
}
