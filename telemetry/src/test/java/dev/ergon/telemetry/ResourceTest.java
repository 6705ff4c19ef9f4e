package dev.ergon.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ergon.policy.ConsumerPolicy;
import dev.ergon.test.InMemoryConnector;
import dev.ergon.test.TaskHarness;
import dev.ergon.transaction.Transaction;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The worker's resource on every signal. */
class ResourceTest {
  private static final WorkerIdentity WORKER = new WorkerIdentity("orders", "exec-5", 2);

  private static String string(Resource r, String key) {
    return r.getAttribute(AttributeKey.stringKey(key));
  }

  @Test
  void theResourceNamesTheServiceAfterTheTaskAndCarriesWorkerProcessAndHost() throws Exception {
    InMemorySpanExporter spans = InMemorySpanExporter.create();
    TelemetryConfig config =
        TelemetryConfig.builder()
            .tracing(
                TracingConfig.builder()
                    .processor(SpanProcessorConfig.custom(SimpleSpanProcessor.create(spans)))
                    .build())
            .build();
    try (InstalledTelemetry telemetry = ErgonTelemetry.install(config, WORKER)) {
      InMemoryConnector input = new InMemoryConnector();
      input.add(Transaction.of("tx-1", "p"));
      TaskHarness.of(LoggingConsumer::new)
          .connector("input", input)
          .policy(ConsumerPolicy.defaults("consumer"))
          .openTelemetry(telemetry.openTelemetry())
          .run();

      Resource r = telemetry.resource();
      assertThat(string(r, "service.name")).isEqualTo("orders");
      assertThat(string(r, "ergon.task.name")).isEqualTo("orders");
      assertThat(string(r, "ergon.execution.id")).isEqualTo("exec-5");
      assertThat(r.getAttribute(AttributeKey.longKey("ergon.worker.index"))).isEqualTo(2L);
      assertThat(r.getAttribute(AttributeKey.longKey("process.pid")))
          .isEqualTo(ProcessHandle.current().pid());
      assertThat(string(r, "host.name")).isNotBlank();
      List<String> ips = r.getAttribute(AttributeKey.stringArrayKey("host.ip"));
      assertThat(ips).singleElement().satisfies(ip -> InetAddress.getByName(ip)); // a literal
      assertThat(string(r, "telemetry.sdk.language")).isEqualTo("java");
      assertThat(string(r, "service.instance.id")).isEqualTo("exec-5/2");
      List<SpanData> ended = spans.getFinishedSpanItems();
      assertThat(ended).isNotEmpty().allSatisfy(s -> assertThat(s.getResource()).isEqualTo(r));
    }
  }

  @Test
  void anExplicitServiceNameAndResourceAttributesWin() {
    TelemetryConfig config =
        TelemetryConfig.builder()
            .serviceName("order-service")
            .resourceAttribute("deployment.environment", "test")
            .resourceAttribute("ergon.worker.index", "overridden")
            .tracing(TracingConfig.builder().build())
            .build();
    try (InstalledTelemetry telemetry = ErgonTelemetry.install(config, WORKER)) {
      Resource r = telemetry.resource();
      assertThat(string(r, "service.name")).isEqualTo("order-service");
      assertThat(string(r, "deployment.environment")).isEqualTo("test");
      assertThat(string(r, "ergon.worker.index")).isEqualTo("overridden");
    }
  }

  @Test
  void eachWorkerIsItsOwnServiceInstanceUnlessOneIsConfigured() {
    TelemetryConfig plain =
        TelemetryConfig.builder().tracing(TracingConfig.builder().build()).build();
    TelemetryConfig named =
        TelemetryConfig.builder()
            .resourceAttribute("service.instance.id", "orders-7f9c")
            .tracing(TracingConfig.builder().build())
            .build();
    try (InstalledTelemetry first = ErgonTelemetry.install(plain, WORKER);
        InstalledTelemetry second =
            ErgonTelemetry.install(plain, new WorkerIdentity("orders", "exec-5", 3));
        InstalledTelemetry configured = ErgonTelemetry.install(named, WORKER)) {
      assertThat(string(first.resource(), "service.instance.id")).isEqualTo("exec-5/2");
      assertThat(string(second.resource(), "service.instance.id")).isEqualTo("exec-5/3");
      assertThat(string(configured.resource(), "service.instance.id")).isEqualTo("orders-7f9c");
    }
  }

  @Test
  void anInstanceIdInTheBaseResourceIsKept() {
    Resource base =
        Resource.getDefault()
            .merge(
                Resource.create(
                    io.opentelemetry.api.common.Attributes.of(
                        AttributeKey.stringKey("service.instance.id"), "pod-a")));

    Resource r =
        dev.ergon.telemetry.internal.WorkerResource.complete(
            base, TelemetryConfig.none(), WORKER, false);

    assertThat(string(r, "service.instance.id")).isEqualTo("pod-a");
  }

  @Test
  void withNothingConfiguredTheEngineGetsTheNoopInstance() {
    try (InstalledTelemetry telemetry = ErgonTelemetry.install(TelemetryConfig.none(), WORKER)) {
      assertThat(telemetry.openTelemetry()).isSameAs(OpenTelemetry.noop());
      assertThat(string(telemetry.resource(), "service.name")).isEqualTo("orders");
    }
  }
}
