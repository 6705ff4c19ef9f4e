package dev.ergon.cli.init;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ergon.policy.ConsumerPolicy;
import dev.ergon.task.ConsumerTask;
import dev.ergon.test.InMemoryConnector;
import dev.ergon.test.TaskHarness;
import dev.ergon.test.TelemetryRecorder;
import dev.ergon.transaction.Transaction;
import io.opentelemetry.sdk.metrics.data.LongPointData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.metrics.data.MetricDataType;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.StreamSupport;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * The autoscalers' query names the series the generated collector really exports for the engine's
 * backlog gauge. The gauge is taken from a running engine (its name, type, unit and attribute
 * keys), then named as the OpenTelemetry Collector's {@code prometheus} exporter names it with the
 * default settings the generated collector uses: every character outside {@code [a-zA-Z0-9_:]} of a
 * metric name, and outside {@code [a-zA-Z0-9_]} of a label, becomes {@code _} (repeats collapsed);
 * a unit adds a suffix and a monotonic sum adds {@code _total}, neither of which applies to a
 * unitless gauge (collector-contrib {@code exporter/prometheusexporter} with the {@code
 * pkg/translator/prometheus} / {@code otlptranslator} naming).
 */
class BacklogMetricNameTest {
  private static final Pattern QUERY =
      Pattern.compile(
          "max\\(([a-zA-Z_:][a-zA-Z0-9_:]*)\\{([a-zA-Z_][a-zA-Z0-9_]*)=\"([^\"]+)\"}\\)");

  private final Map<Path, String> files =
      new Scaffold("0.1.0-SNAPSHOT").render(Scaffold.Options.of("demo"));

  /** The engine's backlog gauge as an OpenTelemetry metric, and one of its points. */
  private record Gauge(MetricData metric, LongPointData point) {}

  /** A task whose transactions wait for a latch, so the loop (and its gauge) stays up. */
  private static final class Waiting extends ConsumerTask<Object> {
    private final CountDownLatch release;

    Waiting(CountDownLatch release) {
      this.release = release;
    }

    @Override
    public Object processTransaction(Transaction transaction) throws Exception {
      release.await();
      return "ok";
    }
  }

  private static Gauge engineBacklogGauge() throws InterruptedException {
    CountDownLatch release = new CountDownLatch(1);
    InMemoryConnector input = new InMemoryConnector();
    input.add(Transaction.of("a", 1), Transaction.of("b", 2), Transaction.of("c", 3));
    try (TelemetryRecorder telemetry = TelemetryRecorder.create()) {
      Thread loop =
          Thread.ofVirtual()
              .start(
                  () ->
                      TaskHarness.of(() -> new Waiting(release))
                          .connector("input", input)
                          .policy(ConsumerPolicy.defaults("consumer"))
                          .openTelemetry(telemetry.openTelemetry())
                          .run());
      try {
        return Awaitility.await()
            .atMost(Duration.ofSeconds(30))
            .until(() -> find(telemetry.metrics()), Optional::isPresent)
            .orElseThrow();
      } finally {
        release.countDown();
        loop.join(Duration.ofSeconds(30));
      }
    }
  }

  private static Optional<Gauge> find(java.util.Collection<MetricData> metrics) {
    return metrics.stream()
        .filter(m -> m.getName().contains("backlog"))
        .filter(m -> !m.getLongGaugeData().getPoints().isEmpty())
        .findFirst()
        .map(m -> new Gauge(m, m.getLongGaugeData().getPoints().iterator().next()));
  }

  /** The collector's name for a gauge or non-monotonic metric without a unit. */
  private static String prometheusMetricName(MetricData m) {
    assertThat(m.getType())
        .as("a gauge gets no _total suffix; update this rule if the backlog becomes a counter")
        .isEqualTo(MetricDataType.LONG_GAUGE);
    assertThat(m.getUnit())
        .as("a unit would add a suffix (e.g. {transactions} none, s _seconds): update this rule")
        .isEmpty();
    return m.getName().replaceAll("[^a-zA-Z0-9_:]", "_").replaceAll("_{2,}", "_");
  }

  private static String prometheusLabel(String attribute) {
    return attribute.replaceAll("[^a-zA-Z0-9_]", "_").replaceAll("_{2,}", "_");
  }

  private static String taskAttribute(LongPointData point) {
    return point.getAttributes().asMap().entrySet().stream()
        .filter(e -> e.getValue().equals("harness")) // the TaskHarness's task name
        .map(e -> e.getKey().getKey())
        .findFirst()
        .orElseThrow(() -> new AssertionError("no attribute holds the task name: " + point));
  }

  @Test
  void theScaledObjectAndTheHpaQueryTheSeriesTheCollectorExportsForTheEnginesBacklog()
      throws Exception {
    Gauge gauge = engineBacklogGauge();
    String metric = prometheusMetricName(gauge.metric());
    String taskLabel = prometheusLabel(taskAttribute(gauge.point()));
    assertThat(metric).isEqualTo("ergon_backlog");
    assertThat(taskLabel).isEqualTo("ergon_task_name");

    String query =
        KubernetesManifestsTest.yaml(files, "k8s/autoscaling/keda-scaledobject.yaml")
            .at("/spec/triggers/0/metadata/query")
            .asText();
    Matcher m = QUERY.matcher(query);
    assertThat(m.matches()).as(query).isTrue();
    assertThat(m.group(1)).isEqualTo(metric);
    assertThat(m.group(2)).isEqualTo(taskLabel);
    assertThat(m.group(3)).isEqualTo(Scaffold.EXAMPLE_TASK);

    JsonNode external =
        KubernetesManifestsTest.yaml(files, "k8s/autoscaling/hpa-external-metric.yaml")
            .at("/spec/metrics/0/external/metric");
    JsonNode rule =
        KubernetesManifestsTest.yaml(files, "k8s/autoscaling/prometheus-adapter-values.yaml")
            .at("/rules/external/0");
    assertThat(external.get("name").asText()).isEqualTo(rule.at("/name/as").asText());
    assertThat(external.at("/selector/matchLabels/" + taskLabel).asText())
        .isEqualTo(Scaffold.EXAMPLE_TASK);
    assertThat(rule.get("seriesQuery").asText()).startsWith(metric + "{");
    assertThat(rule.at("/name/matches").asText()).isEqualTo("^" + metric + "$");
    assertThat(rule.get("metricsQuery").asText()).endsWith("by (" + taskLabel + ")");
  }

  @Test
  void theGeneratedCollectorExportsMetricsToPrometheusWithTheDefaultNaming() throws Exception {
    JsonNode collector =
        KubernetesManifestsTest.yaml(files, "_observability/otel-collector-config.yaml");
    JsonNode exporter = collector.at("/exporters/prometheus");
    List<String> pipeline =
        StreamSupport.stream(
                collector.at("/service/pipelines/metrics/exporters").spliterator(), false)
            .map(JsonNode::asText)
            .toList();

    assertThat(pipeline).contains("prometheus");
    // The naming above holds for the defaults: no namespace prefix, suffixes and escaping as is.
    assertThat(exporter.has("namespace")).isFalse();
    assertThat(exporter.has("translation_strategy")).isFalse();
    assertThat(exporter.has("add_metric_suffixes")).isFalse();
    // Metric attributes stay labels; only resource attributes are kept off the series.
    assertThat(exporter.at("/resource_to_telemetry_conversion/enabled").asBoolean()).isFalse();
    JsonNode prometheus = KubernetesManifestsTest.yaml(files, "_observability/prometheus.yaml");
    String port = exporter.get("endpoint").asText().replaceAll(".*:", "");
    assertThat(prometheus.at("/scrape_configs/0/static_configs/0/targets/0").asText())
        .isEqualTo("otel-collector:" + port);
  }
}
