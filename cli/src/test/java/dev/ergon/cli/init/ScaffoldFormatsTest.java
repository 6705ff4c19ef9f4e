package dev.ergon.cli.init;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.StreamSupport;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;

/** The generated configuration files parse, and say what the operations side relies on. */
class ScaffoldFormatsTest {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Map<Path, String> files = new Scaffold().render(Scaffold.Options.of("demo"));

  private String file(String path) {
    String text = files.get(Path.of(path));
    assertThat(text).as(path).isNotNull();
    return text;
  }

  private JsonNode yaml(String path) throws Exception {
    return YAML.readTree(file(path));
  }

  private static List<JsonNode> list(JsonNode node) {
    return StreamSupport.stream(node.spliterator(), false).toList();
  }

  private static List<String> fieldNames(JsonNode node) {
    List<String> names = new ArrayList<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }

  @Test
  void everyYamlJsonAndXmlFileParses() {
    int checked = 0;
    for (Map.Entry<Path, String> e : files.entrySet()) {
      String name = e.getKey().getFileName().toString();
      String text = e.getValue();
      if (name.endsWith(".yaml") || name.endsWith(".yml")) {
        assertThatCode(() -> assertThat(YAML.readTree(text)).isNotNull())
            .as(e.getKey().toString())
            .doesNotThrowAnyException();
        checked++;
      } else if (name.endsWith(".json")) {
        assertThatCode(() -> JSON.readTree(text))
            .as(e.getKey().toString())
            .doesNotThrowAnyException();
        checked++;
      } else if (name.endsWith(".xml")) {
        assertThatCode(
                () ->
                    DocumentBuilderFactory.newInstance()
                        .newDocumentBuilder()
                        .parse(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8))))
            .as(e.getKey().toString())
            .doesNotThrowAnyException();
        checked++;
      }
    }
    assertThat(checked).isEqualTo(17); // 16 YAML/JSON/XML files plus logback.xml
  }

  @Test
  void ergonYamlConfiguresTheExampleTasksPolicyWithTheDocumentedKeys() throws Exception {
    JsonNode task = yaml("ergon.yaml").at("/tasks/example-task");

    assertThat(fieldNames(task)).containsExactly("max_workers", "policies", "supervision");
    JsonNode consumer = task.at("/policies/consumer");
    assertThat(consumer.at("/loop/concurrency/value").asInt()).isEqualTo(4);
    assertThat(consumer.at("/loop/batch/size").asInt()).isEqualTo(10);
    assertThat(consumer.at("/process/retry/max_attempts").asInt()).isEqualTo(3);
    assertThat(consumer.at("/process/retry/backoff").asText()).isEqualTo("200ms");
    assertThat(consumer.at("/process/retry/backoff_multiplier").asInt()).isEqualTo(2);
    assertThat(fieldNames(task.get("supervision")))
        .containsExactly(
            "enabled", "check_interval", "startup_grace", "unhealthy_grace", "shutdown_grace");
  }

  @Test
  void everyComposeImageIsPinnedToAnExplicitVersion() throws Exception {
    JsonNode services = yaml("_observability/docker-compose.telemetry.yml").get("services");
    List<String> images = new ArrayList<>();
    services.forEach(s -> images.add(s.get("image").asText()));

    assertThat(fieldNames(services))
        .contains("otel-collector", "tempo", "loki", "prometheus", "grafana");
    assertThat(images)
        .allSatisfy(
            image ->
                assertThat(image)
                    .matches("[a-z0-9./-]+:v?\\d+(\\.\\d+)+")
                    .doesNotContain("latest"));
  }

  @Test
  void theDockerfileImagesArePinnedToo() {
    Matcher from = Pattern.compile("(?m)^FROM (\\S+)").matcher(file("Dockerfile"));
    List<String> images = new ArrayList<>();
    while (from.find()) {
      images.add(from.group(1));
    }

    assertThat(images).hasSize(2);
    assertThat(images)
        .allSatisfy(
            image -> assertThat(image).matches(".+:\\d+\\.\\d+.*").doesNotContain("latest"));
    assertThat(images.get(1)).startsWith("eclipse-temurin:21");
    assertThat(file("Dockerfile")).contains("CMD [\"run\", \"example-task\"]");
  }

  @Test
  void theCollectorHealthCheckIsConfiguredAndProbed() throws Exception {
    JsonNode collector = yaml("_observability/otel-collector-config.yaml");
    JsonNode compose = yaml("_observability/docker-compose.telemetry.yml").get("services");

    // The extension is declared, enabled in service.extensions, and listens beyond localhost.
    assertThat(collector.at("/extensions/health_check/endpoint").asText())
        .isEqualTo("0.0.0.0:13133");
    assertThat(list(collector.at("/service/extensions")))
        .extracting(JsonNode::asText)
        .contains("health_check");
    // The collector image has no shell or wget: the healthcheck runs in a probe container that
    // reaches the collector's extension over the compose network.
    JsonNode probe = compose.get("otel-collector-health");
    assertThat(probe.at("/image").asText()).startsWith("busybox:");
    assertThat(list(probe.at("/healthcheck/test")))
        .extracting(JsonNode::asText)
        .startsWith("CMD", "wget")
        .contains("http://otel-collector:13133/");
    assertThat(compose.at("/otel-collector/healthcheck").isMissingNode()).isTrue();
  }

  @Test
  void theCollectorRoutesEachSignalToItsBackendWithoutTheDeprecatedLokiExporter() throws Exception {
    JsonNode collector = yaml("_observability/otel-collector-config.yaml");

    assertThat(collector.at("/receivers/otlp/protocols/grpc/endpoint").asText())
        .isEqualTo("0.0.0.0:4317");
    assertThat(collector.at("/receivers/otlp/protocols/http/endpoint").asText())
        .isEqualTo("0.0.0.0:4318");
    assertThat(fieldNames(collector.get("exporters")))
        .containsExactlyInAnyOrder("otlp/tempo", "otlphttp/loki", "prometheus")
        .doesNotContain("loki");
    assertThat(collector.at("/exporters/otlphttp~1loki/endpoint").asText())
        .isEqualTo("http://loki:3100/otlp");
    JsonNode pipelines = collector.at("/service/pipelines");
    assertThat(pipelines.at("/traces/exporters/0").asText()).isEqualTo("otlp/tempo");
    assertThat(pipelines.at("/logs/exporters/0").asText()).isEqualTo("otlphttp/loki");
    assertThat(pipelines.at("/metrics/exporters/0").asText()).isEqualTo("prometheus");
  }

  @Test
  void prometheusScrapesTheCollectorUnderOneJob() throws Exception {
    JsonNode prometheus = yaml("_observability/prometheus.yaml");
    JsonNode collector = yaml("_observability/otel-collector-config.yaml");

    List<JsonNode> jobs = list(prometheus.get("scrape_configs"));
    assertThat(jobs).hasSize(1);
    String port = collector.at("/exporters/prometheus/endpoint").asText().replaceAll(".*:", "");
    assertThat(list(jobs.get(0).at("/static_configs/0/targets")))
        .extracting(JsonNode::asText)
        .containsExactly("otel-collector:" + port);
  }

  @Test
  void grafanaHasTheThreeDataSourcesAndADashboardOfErgonsMetrics() throws Exception {
    JsonNode datasources = yaml("_observability/grafana/provisioning/datasources/datasources.yaml");
    JsonNode dashboard = JSON.readTree(file("_observability/grafana/dashboards/ergon.json"));

    assertThat(list(datasources.get("datasources")))
        .extracting(d -> d.get("type").asText() + " " + d.get("uid").asText())
        .containsExactlyInAnyOrder("prometheus prometheus", "tempo tempo", "loki loki");
    String queries =
        list(dashboard.get("panels")).stream()
            .flatMap(p -> list(p.get("targets")).stream())
            .map(t -> t.get("expr").asText())
            .reduce("", (a, b) -> a + "\n" + b);
    assertThat(queries)
        .contains(
            "ergon_transactions_total",
            "by (ergon_outcome)",
            "ergon_transaction_duration_seconds_bucket",
            "ergon_phase_retries_total",
            "ergon_in_flight",
            "ergon_fetch_empty_total",
            "max by (ergon_task_name) (ergon_backlog");
    assertThat(
            list(dashboard.get("panels")).stream()
                .map(p -> p.at("/datasource/uid").asText())
                .distinct())
        .containsExactlyInAnyOrder("prometheus", "loki");
    String provider =
        yaml("_observability/grafana/provisioning/dashboards/dashboards.yaml")
            .at("/providers/0/options/path")
            .asText();
    assertThat(
            list(
                yaml("_observability/docker-compose.telemetry.yml")
                    .at("/services/grafana/volumes")))
        .extracting(JsonNode::asText)
        .contains("./grafana/dashboards:" + provider + ":ro");
  }

  @Test
  void theDeploymentProbesTheHealthEndpointAndMountsTheConfigMap() throws Exception {
    JsonNode deployment = yaml("k8s/deployment.yaml");
    JsonNode configMap = yaml("k8s/configmap.yaml");
    JsonNode container = deployment.at("/spec/template/spec/containers/0");

    assertThat(deployment.get("kind").asText()).isEqualTo("Deployment");
    assertThat(container.at("/livenessProbe/httpGet/path").asText()).isEqualTo("/health/live");
    assertThat(container.at("/readinessProbe/httpGet/path").asText()).isEqualTo("/health/ready");
    assertThat(container.at("/livenessProbe/httpGet/port").asText()).isEqualTo("health");
    assertThat(container.at("/ports/0/name").asText()).isEqualTo("health");
    int port = container.at("/ports/0/containerPort").asInt();
    assertThat(list(container.get("env")))
        .extracting(e -> e.get("name").asText() + "=" + e.path("value").asText())
        .contains("ERGON_HEALTH_PORT=" + port);
    assertThat(list(container.get("args")))
        .extracting(JsonNode::asText)
        .containsExactly("run", "example-task");
    assertThat(configMap.get("kind").asText()).isEqualTo("ConfigMap");
    assertThat(deployment.at("/spec/template/spec/volumes/0/configMap/name").asText())
        .isEqualTo(configMap.at("/metadata/name").asText());
    assertThat(container.at("/volumeMounts/0/mountPath").asText()).isEqualTo("/app/ergon.yaml");
    assertThat(container.at("/volumeMounts/0/subPath").asText()).isEqualTo("ergon.yaml");
  }
}
