package dev.ergon.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ergon.connector.jdbc.JdbcQueueConfig;
import dev.ergon.connector.jdbc.JdbcQueueConnector;
import dev.ergon.policy.ConsumerPolicy;
import dev.ergon.task.ConsumerTask;
import dev.ergon.task.TaskConfig;
import dev.ergon.transaction.Transaction;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.testing.junit5.OpenTelemetryExtension;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.actuate.autoconfigure.metrics.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.metrics.MetricsAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.metrics.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.opentelemetry.OpenTelemetryAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.tracing.MicrometerTracingAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.tracing.OpenTelemetryTracingAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.annotation.Configurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * The engine's telemetry in an application with Actuator and Micrometer Tracing's OpenTelemetry
 * bridge: Spring Boot's own auto-configurations make the {@link OpenTelemetry} SDK (spans to the
 * application's {@link SpanExporter} beans) and the {@link MeterRegistry}; the tasks consume a real
 * SQL queue on SQLite.
 */
class MicrometerTelemetryTest {
  @RegisterExtension static final OpenTelemetryExtension OTEL = OpenTelemetryExtension.create();

  @TempDir Path dir;

  /** Acknowledges what it gets. */
  public static final class Echo extends ConsumerTask<String> {
    @Override
    public String processTransaction(Transaction tx) {
      return tx.id();
    }
  }

  /** Keeps every exported span, also after shutdown (InMemorySpanExporter clears on shutdown). */
  static final class CapturingExporter implements SpanExporter {
    final Queue<SpanData> spans = new ConcurrentLinkedQueue<>();

    @Override
    public CompletableResultCode export(Collection<SpanData> batch) {
      spans.addAll(batch);
      return CompletableResultCode.ofSuccess();
    }

    @Override
    public CompletableResultCode flush() {
      return CompletableResultCode.ofSuccess();
    }

    @Override
    public CompletableResultCode shutdown() {
      return CompletableResultCode.ofSuccess();
    }

    boolean has(String name) {
      return spans.stream().anyMatch(s -> s.getName().equals(name));
    }
  }

  private static final AutoConfigurations BOOT =
      AutoConfigurations.of(
          OpenTelemetryAutoConfiguration.class,
          OpenTelemetryTracingAutoConfiguration.class,
          MicrometerTracingAutoConfiguration.class,
          MetricsAutoConfiguration.class,
          SimpleMetricsExportAutoConfiguration.class,
          CompositeMeterRegistryAutoConfiguration.class);

  private Path queueFile() {
    return dir.resolve("queue.db");
  }

  private TaskConfig orders() {
    JdbcQueueConfig queue = JdbcQueueConfig.embedded(queueFile()).table("orders").build();
    return TaskConfig.builder("orders")
        .task(Echo::new)
        .connector("input", () -> new JdbcQueueConnector(queue))
        .policy(ConsumerPolicy.builder("consumer").streaming(true).build())
        .build();
  }

  private List<String> dispatch(int n, String prefix) throws Exception {
    List<String> ids = IntStream.range(0, n).mapToObj(i -> prefix + i).toList();
    try (JdbcQueueConnector q =
        new JdbcQueueConnector(JdbcQueueConfig.embedded(queueFile()).table("orders").build())) {
      q.dispatchTransactions(ids.stream().map(id -> Transaction.of(id, "{}")).toList());
    }
    return ids;
  }

  private static double transactions(MeterRegistry registry) {
    return registry.find("ergon.transactions").counters().stream()
        .mapToDouble(Counter::count)
        .sum();
  }

  @Test
  void theAutoConfigurationOrdersAfterSpringBootsOpenTelemetryAndMeterRegistry() {
    List<Class<?>> order =
        List.of(
            Configurations.getClasses(
                AutoConfigurations.of(
                    ErgonAutoConfiguration.class,
                    OpenTelemetryTracingAutoConfiguration.class,
                    CompositeMeterRegistryAutoConfiguration.class,
                    OpenTelemetryAutoConfiguration.class)));
    assertThat(order).last().isEqualTo(ErgonAutoConfiguration.class);
  }

  @Test
  void springBootsOpenTelemetrySdkExportsTheEnginesSpansAndTheRegistryGetsItsMetrics()
      throws Exception {
    CapturingExporter exporter = new CapturingExporter();
    new ApplicationContextRunner()
        .withConfiguration(BOOT)
        .withConfiguration(AutoConfigurations.of(ErgonAutoConfiguration.class))
        .withPropertyValues("management.tracing.sampling.probability=1.0")
        .withBean(SpanExporter.class, () -> exporter)
        .withBean("orders", TaskConfig.class, this::orders)
        .run(
            c -> {
              assertThat(c).hasSingleBean(OpenTelemetry.class);
              List<String> ids = dispatch(5, "order-");
              MeterRegistry registry = c.getBean(MeterRegistry.class);
              await()
                  .atMost(Duration.ofSeconds(60))
                  .until(() -> exporter.has("ergon.transaction") && transactions(registry) >= 5);
              assertThat(
                      exporter.spans.stream()
                          .filter(s -> s.getName().equals("ergon.transaction"))
                          .map(s -> s.getAttributes().asMap().toString()))
                  .anySatisfy(a -> assertThat(a).contains(ids.get(0)));
              assertThat(
                      registry
                          .find("ergon.transactions")
                          .tags("ergon.task.name", "orders")
                          .counters())
                  .isNotEmpty();
              c.close();
              // the task's own span ends when the task stops, and Boot's SDK flushes it on close
              await().atMost(Duration.ofSeconds(30)).until(() -> exporter.has("ergon.task"));
            });
  }

  @Test
  void withOnlyAMeterRegistryTheEnginesMetricsGoToIt() throws Exception {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(ErgonAutoConfiguration.class))
        .withBean(MeterRegistry.class, () -> registry)
        .withBean("orders", TaskConfig.class, this::orders)
        .run(
            c -> {
              assertThat(c).hasSingleBean(dev.ergon.spring.internal.MicrometerMeters.class);
              dispatch(3, "m-");
              await().atMost(Duration.ofSeconds(60)).until(() -> transactions(registry) >= 3);
            });
  }

  @Test
  void theApplicationsOwnOpenTelemetryKeepsTheMetricsUnlessConfiguredOtherwise() throws Exception {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    ApplicationContextRunner runner =
        new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(ErgonAutoConfiguration.class))
            .withBean(MeterRegistry.class, () -> registry)
            .withBean(OpenTelemetry.class, OTEL::getOpenTelemetry)
            .withBean("orders", TaskConfig.class, this::orders);
    runner.run(
        c -> {
          dispatch(2, "own-");
          await()
              .atMost(Duration.ofSeconds(60))
              .until(
                  () ->
                      OTEL.getMetrics().stream()
                          .anyMatch(m -> m.getName().equals("ergon.transactions")));
          assertThat(transactions(registry)).isZero();
        });
    runner
        .withPropertyValues("ergon.metrics.micrometer=true")
        .run(
            c -> {
              dispatch(2, "forced-");
              await().atMost(Duration.ofSeconds(60)).until(() -> transactions(registry) >= 2);
            });
  }

  @Test
  void ergonMetricsMicrometerFalseLeavesTheRegistryAlone() {
    new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(ErgonAutoConfiguration.class))
        .withBean(MeterRegistry.class, SimpleMeterRegistry::new)
        .withBean("orders", TaskConfig.class, this::orders)
        .withPropertyValues("ergon.metrics.micrometer=false")
        .run(
            c -> {
              assertThat(c).hasNotFailed();
              assertThat(c).doesNotHaveBean(dev.ergon.spring.internal.MicrometerMeters.class);
            });
  }
}
