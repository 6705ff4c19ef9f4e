package dev.ergon.spring;

import dev.ergon.cli.TaskDefinition;
import dev.ergon.spring.internal.MicrometerMeters;
import dev.ergon.spring.internal.ProbeGroups;
import dev.ergon.spring.internal.SpringProperties;
import dev.ergon.spring.internal.TaskHealthIndicator;
import dev.ergon.task.TaskConfig;
import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.contrib.metrics.micrometer.MicrometerMeterProvider;
import java.util.ArrayList;
import java.util.List;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.actuate.health.HealthEndpointGroupsPostProcessor;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
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
    afterName = {
      "org.springframework.boot.actuate.autoconfigure.availability.AvailabilityProbesAutoConfiguration",
      // the OpenTelemetry SDK Spring Boot makes (with Micrometer Tracing's OpenTelemetry bridge)
      "org.springframework.boot.actuate.autoconfigure.opentelemetry.OpenTelemetryAutoConfiguration",
      "org.springframework.boot.actuate.autoconfigure.tracing.OpenTelemetryTracingAutoConfiguration",
      // the MeterRegistry Actuator makes, for @ConditionalOnBean in Micrometer below
      "org.springframework.boot.actuate.autoconfigure.metrics.CompositeMeterRegistryAutoConfiguration"
    })
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
   * @param meters the application's Micrometer registry as engine meters, if it is to be used
   * @param beans the application's bean factory
   * @param environment the application's environment
   * @return the tasks
   */
  @Bean
  @ConditionalOnMissingBean
  public ErgonTasks ergonTasks(
      ObjectProvider<TaskConfig> configs,
      ObjectProvider<TaskDefinition> definitions,
      ObjectProvider<OpenTelemetry> openTelemetry,
      ObjectProvider<MicrometerMeters> meters,
      ConfigurableListableBeanFactory beans,
      ConfigurableEnvironment environment) {
    List<TaskConfig> c = configs.orderedStream().toList();
    List<TaskDefinition> d = definitions.orderedStream().toList();
    List<String> names = new ArrayList<>();
    c.forEach(t -> names.add(t.name()));
    d.forEach(t -> names.add(t.name()));
    OpenTelemetry telemetry = openTelemetry.getIfAvailable(OpenTelemetry::noop);
    MicrometerMeters m = meters.getIfAvailable();
    return ErgonTasks.of(
        c,
        d,
        SpringProperties.of(environment, names),
        m == null ? telemetry : m.over(telemetry, beans));
  }

  /**
   * The engine's metrics into the application's Micrometer {@link MeterRegistry}, when the
   * application has one and opentelemetry-java-contrib's {@code
   * opentelemetry-micrometer-meter-provider} is on the classpath, unless {@code
   * ergon.metrics.micrometer=false}. With {@code auto} (the default) they go there when the
   * application has no {@link OpenTelemetry} bean or only Spring Boot's without an {@code
   * SdkMeterProvider} bean; with {@code true} always (spans still through the {@link OpenTelemetry}
   * bean).
   */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(
      name = {
        "io.micrometer.core.instrument.MeterRegistry",
        "io.opentelemetry.contrib.metrics.micrometer.MicrometerMeterProvider"
      })
  @ConditionalOnBean(type = "io.micrometer.core.instrument.MeterRegistry")
  @ConditionalOnProperty(prefix = "ergon.metrics", name = "micrometer", matchIfMissing = true)
  public static class Micrometer {

    /** Created by Spring. */
    public Micrometer() {}

    /**
     * The registry as an OpenTelemetry meter provider for the engine.
     *
     * @param registry the application's registry
     * @param environment the application's environment
     * @return the meters, closed with the context
     */
    @Bean
    @ConditionalOnMissingBean
    public MicrometerMeters ergonMicrometerMeters(
        MeterRegistry registry, ConfigurableEnvironment environment) {
      MicrometerMeterProvider provider = MicrometerMeterProvider.builder(registry).build();
      return new MicrometerMeters(
          provider,
          provider::close,
          environment.getProperty(SpringProperties.MICROMETER_METRICS, "auto"));
    }
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
