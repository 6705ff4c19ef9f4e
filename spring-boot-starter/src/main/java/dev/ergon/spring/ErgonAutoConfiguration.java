package dev.ergon.spring;

import dev.ergon.cli.TaskDefinition;
import dev.ergon.spring.internal.ProbeGroups;
import dev.ergon.spring.internal.SpringProperties;
import dev.ergon.spring.internal.TaskHealthIndicator;
import dev.ergon.task.TaskConfig;
import io.opentelemetry.api.OpenTelemetry;
import java.util.ArrayList;
import java.util.List;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.health.HealthEndpointGroupsPostProcessor;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.ConfigurableEnvironment;

/**
 * Runs the application's {@link TaskConfig} and {@link TaskDefinition} beans in Spring's lifecycle
 * ({@link ErgonTasks}), with their policies, supervision and connector settings bound from {@code
 * ergon.tasks.<task>.…} (the key paths of {@code ergon.yaml}), the application's {@link
 * OpenTelemetry} bean when there is one (else no-op), and, with Actuator, the health indicators
 * {@code ergonLiveness} and {@code ergonReadiness}, members of the {@code liveness} and {@code
 * readiness} health groups. {@code ergon.enabled=false} turns it all off.
 *
 * <pre>{@code
 * @Bean
 * TaskConfig orders() {
 *   return TaskConfig.builder("orders")
 *       .task(OrderProcessor::new)
 *       .connector("input", () -> new JdbcQueueConnector(JdbcQueueConfig.embedded().build()))
 *       .policy(ConsumerPolicy.builder("consumer").streaming(true).build())
 *       .build();
 * }
 * }</pre>
 */
@AutoConfiguration(
    afterName =
        "org.springframework.boot.actuate.autoconfigure.availability.AvailabilityProbesAutoConfiguration")
@ConditionalOnProperty(
    prefix = "ergon",
    name = "enabled",
    havingValue = "true",
    matchIfMissing = true)
public class ErgonAutoConfiguration {

  /** Created by Spring. */
  public ErgonAutoConfiguration() {}

  /**
   * The tasks, bound and ready to start with the context.
   *
   * @param configs the application's task configurations
   * @param definitions the application's task definitions
   * @param openTelemetry the application's telemetry, if any
   * @param environment the application's environment
   * @return the tasks
   */
  @Bean
  @ConditionalOnMissingBean
  public ErgonTasks ergonTasks(
      ObjectProvider<TaskConfig> configs,
      ObjectProvider<TaskDefinition> definitions,
      ObjectProvider<OpenTelemetry> openTelemetry,
      ConfigurableEnvironment environment) {
    List<TaskConfig> c = configs.orderedStream().toList();
    List<TaskDefinition> d = definitions.orderedStream().toList();
    List<String> names = new ArrayList<>();
    c.forEach(t -> names.add(t.name()));
    d.forEach(t -> names.add(t.name()));
    return ErgonTasks.of(
        c,
        d,
        SpringProperties.of(environment, names),
        openTelemetry.getIfAvailable(OpenTelemetry::noop));
  }

  /** The health indicators, when Actuator is on the classpath. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(HealthIndicator.class)
  public static class Health {

    /** Created by Spring. */
    public Health() {}

    /**
     * Liveness of the tasks (DOWN when supervision finds a task stalled or a task failed).
     *
     * @param tasks the tasks
     * @return the indicator, named {@code ergonLiveness}
     */
    @Bean
    @ConditionalOnMissingBean(name = "ergonLiveness")
    public HealthIndicator ergonLiveness(ErgonTasks tasks) {
      return new TaskHealthIndicator(tasks::liveness, false);
    }

    /**
     * Readiness of the tasks (OUT_OF_SERVICE while starting, stopping or not live).
     *
     * @param tasks the tasks
     * @return the indicator, named {@code ergonReadiness}
     */
    @Bean
    @ConditionalOnMissingBean(name = "ergonReadiness")
    public HealthIndicator ergonReadiness(ErgonTasks tasks) {
      return new TaskHealthIndicator(tasks::readiness, true);
    }

    /**
     * Adds the indicators to the {@code liveness} and {@code readiness} groups, where they exist.
     *
     * @return the post-processor
     */
    @Bean
    public static HealthEndpointGroupsPostProcessor ergonProbeGroups() {
      return new ProbeGroups();
    }
  }
}
