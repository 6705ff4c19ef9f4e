package dev.ergon.telemetry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import dev.ergon.ConfigurationException;
import dev.ergon.policy.ConsumerPolicy;
import dev.ergon.test.InMemoryConnector;
import dev.ergon.test.TaskHarness;
import dev.ergon.transaction.Transaction;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.resources.Resource;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * {@link TelemetryConfig#fromEnvironment()}: the SDK from OTEL_* settings through the autoconfigure
 * module. The settings are given as {@code otel.*} overrides, which take precedence over the
 * environment and system properties, so that the tests mutate neither.
 */
class EnvironmentTest {
  private static final WorkerIdentity WORKER = new WorkerIdentity("env-task", "exec-3", 4);

  private OtlpReceiver receiver;

  @BeforeEach
  void startReceiver() throws Exception {
    receiver = OtlpReceiver.start();
  }

  @AfterEach
  void stopReceiver() {
    receiver.close();
  }

  private static String string(Resource r, String key) {
    return r.getAttribute(AttributeKey.stringKey(key));
  }

  private static List<Appender<ILoggingEvent>> rootAppenders() {
    Logger root =
        ((LoggerContext) LoggerFactory.getILoggerFactory()).getLogger(Logger.ROOT_LOGGER_NAME);
    List<Appender<ILoggingEvent>> list = new ArrayList<>();
    root.iteratorForAppenders().forEachRemaining(list::add);
    return list;
  }

  @Test
  void otelPropertiesConfigureExportersResourceAndLogsAndTheWorkerAttributesAreAdded() {
    TelemetryConfig config =
        TelemetryConfig.fromEnvironment(
            Map.of(
                "otel.service.name", "orders-from-env",
                "otel.resource.attributes", "deployment.environment=test",
                "otel.exporter.otlp.protocol", "http/protobuf",
                "otel.exporter.otlp.endpoint", receiver.url(),
                "otel.traces.exporter", "otlp",
                "otel.metrics.exporter", "otlp",
                "otel.logs.exporter", "otlp",
                "otel.bsp.schedule.delay", "3600000",
                "otel.metric.export.interval", "3600000"));
    List<Appender<ILoggingEvent>> before = rootAppenders();

    InstalledTelemetry telemetry = ErgonTelemetry.install(config, WORKER);
    try {
      assertThat(rootAppenders()).as("logback.xml appenders kept").containsAll(before);
      assertThat(rootAppenders()).hasSize(before.size() + 1);
      Resource r = telemetry.resource();
      assertThat(string(r, "service.name")).isEqualTo("orders-from-env");
      assertThat(string(r, "deployment.environment")).isEqualTo("test");
      assertThat(string(r, "ergon.task.name")).isEqualTo("env-task");
      assertThat(r.getAttribute(AttributeKey.longKey("ergon.worker.index"))).isEqualTo(4L);

      InMemoryConnector input = new InMemoryConnector();
      input.add(Transaction.of("tx-env", "p"));
      TaskHarness.of(LoggingConsumer::new)
          .connector("input", input)
          .policy(ConsumerPolicy.defaults("consumer"))
          .openTelemetry(telemetry.openTelemetry())
          .run();
    } finally {
      assertThat(telemetry.close(Duration.ofSeconds(10))).isTrue();
    }

    assertThat(rootAppenders()).isEqualTo(before);
    assertThat(receiver.received("/v1/traces", "ergon.transaction")).isTrue();
    assertThat(receiver.received("/v1/traces", "orders-from-env")).isTrue();
    assertThat(receiver.received("/v1/metrics", "ergon.transactions")).isTrue();
    assertThat(receiver.received("/v1/logs", "processing tx-env")).isTrue();
  }

  @Test
  void aServiceInstanceIdFromOtelResourceAttributesIsKeptElseTheSdksOwn() {
    Map<String, String> none =
        Map.of(
            "otel.traces.exporter", "none",
            "otel.metrics.exporter", "none",
            "otel.logs.exporter", "none");
    Map<String, String> pod = new java.util.HashMap<>(none);
    pod.put("otel.resource.attributes", "service.instance.id=orders-5d8f-x2k4");

    try (InstalledTelemetry fromPod =
            ErgonTelemetry.install(TelemetryConfig.fromEnvironment(pod), WORKER);
        InstalledTelemetry plain =
            ErgonTelemetry.install(TelemetryConfig.fromEnvironment(none), WORKER)) {
      // What k8s/deployment.yaml of `ergon init` sets from the pod's name.
      assertThat(string(fromPod.resource(), "service.instance.id")).isEqualTo("orders-5d8f-x2k4");
      // Otherwise the autoconfigure module's own random one (a UUID per process) stays.
      assertThat(java.util.UUID.fromString(string(plain.resource(), "service.instance.id")))
          .isNotNull();
    }
  }

  @Test
  void exportersSetToNoneGiveAnSdkThatExportsNothingAndAddsNoAppender() {
    assumeTrue(System.getenv("OTEL_SERVICE_NAME") == null, "OTEL_SERVICE_NAME is set");
    List<Appender<ILoggingEvent>> before = rootAppenders();
    TelemetryConfig config =
        TelemetryConfig.fromEnvironment(
            Map.of(
                "otel.traces.exporter", "none",
                "otel.metrics.exporter", "none",
                "otel.logs.exporter", "none"));

    try (InstalledTelemetry telemetry = ErgonTelemetry.install(config, WORKER)) {
      assertThat(telemetry.openTelemetry()).isNotSameAs(OpenTelemetry.noop());
      assertThat(string(telemetry.resource(), "service.name")).isEqualTo("env-task");
      assertThat(rootAppenders()).isEqualTo(before);
    }
  }

  @Test
  void aLoggingConfigStillSetsUpLogbackWhenTheSdkComesFromTheEnvironment() {
    TelemetryConfig config =
        TelemetryConfig.fromEnvironment(
                Map.of(
                    "otel.traces.exporter", "none",
                    "otel.metrics.exporter", "none",
                    "otel.logs.exporter", "none"))
            .withLogging(LoggingConfig.builder().handler(LogHandler.console()).build());
    List<Appender<ILoggingEvent>> before = rootAppenders();

    try (InstalledTelemetry telemetry = ErgonTelemetry.install(config, WORKER)) {
      assertThat(rootAppenders()).hasSize(1).doesNotContainAnyElementsOf(before);
    }

    assertThat(rootAppenders()).isEqualTo(before);
  }

  @Test
  void tracingOrMetricsInCodeCannotBeCombinedWithTheEnvironment() {
    assertThatThrownBy(
            () ->
                new TelemetryConfig(
                    null, TracingConfig.builder().build(), null, null, Map.of(), true, Map.of()))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageStartingWith("tracing must be absent when the SDK comes from OTEL_* variables");
  }
}
