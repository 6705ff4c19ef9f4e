package dev.ergon.cli.init;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.ergon.cli.config.ConfigSources;
import dev.ergon.cli.config.ErgonConfiguration;
import dev.ergon.cli.config.SupervisionSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Kubernetes manifests {@code ergon init} writes for running replicas: every one parses with
 * the expected kind, they refer to one another consistently, and the pod's termination grace
 * follows the task's shutdown grace. {@link BacklogMetricNameTest} checks the autoscalers' metric.
 */
class KubernetesManifestsTest {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final String DNS_LABEL = "[a-z0-9]([-a-z0-9]*[a-z0-9])?";

  @TempDir Path tmp;

  private static Map<Path, String> render(Scaffold.Options options) {
    return new Scaffold("0.1.0-SNAPSHOT").render(options);
  }

  static JsonNode yaml(Map<Path, String> files, String path) throws IOException {
    String text = files.get(Path.of(path));
    assertThat(text).as(path).isNotNull();
    List<JsonNode> docs = new ArrayList<>();
    try (MappingIterator<JsonNode> it = YAML.readerFor(JsonNode.class).readValues(text)) {
      it.forEachRemaining(docs::add);
    }
    assertThat(docs).as(path + ": one YAML document").hasSize(1);
    return docs.get(0);
  }

  private static List<JsonNode> list(JsonNode node) {
    return StreamSupport.stream(node.spliterator(), false).toList();
  }

  private static Map<String, String> labels(JsonNode node) {
    Map<String, String> out = new TreeMap<>();
    node.properties().forEach(e -> out.put(e.getKey(), e.getValue().asText()));
    return out;
  }

  @Test
  void everyManifestIsOneYamlDocumentOfItsKindNamedAfterTheProject() throws IOException {
    Map<Path, String> files = render(Scaffold.Options.of("Order_Sync"));
    Map<String, String> expected = new LinkedHashMap<>();
    expected.put("k8s/configmap.yaml", "v1 ConfigMap");
    expected.put("k8s/deployment.yaml", "apps/v1 Deployment");
    expected.put("k8s/pdb.yaml", "policy/v1 PodDisruptionBudget");
    expected.put("k8s/autoscaling/keda-scaledobject.yaml", "keda.sh/v1alpha1 ScaledObject");
    expected.put(
        "k8s/autoscaling/hpa-external-metric.yaml", "autoscaling/v2 HorizontalPodAutoscaler");

    List<String> manifests =
        files.keySet().stream()
            .map(p -> p.toString().replace('\\', '/'))
            .filter(p -> p.startsWith("k8s/"))
            .filter(p -> !p.endsWith("prometheus-adapter-values.yaml")) // Helm values, no kind
            .toList();
    assertThat(manifests).containsExactlyInAnyOrderElementsOf(expected.keySet());
    for (Map.Entry<String, String> e : expected.entrySet()) {
      JsonNode doc = yaml(files, e.getKey());
      assertThat(doc.get("apiVersion").asText() + " " + doc.get("kind").asText())
          .as(e.getKey())
          .isEqualTo(e.getValue());
      assertThat(doc.at("/metadata/name").asText())
          .as(e.getKey())
          .startsWith("order-sync")
          .matches(DNS_LABEL);
      assertThat(doc.at("/metadata/labels/app.kubernetes.io~1name").asText())
          .as(e.getKey())
          .isEqualTo("order-sync");
    }
    JsonNode values = yaml(files, "k8s/autoscaling/prometheus-adapter-values.yaml");
    assertThat(values.has("kind")).isFalse();
    assertThat(list(values.at("/rules/external"))).hasSize(1);
  }

  @Test
  void theDeploymentRunsSeveralReplicasEachWithItsOwnTelemetryInstance() throws IOException {
    JsonNode deployment = yaml(render(Scaffold.Options.of("demo")), "k8s/deployment.yaml");
    JsonNode pod = deployment.at("/spec/template/spec");
    JsonNode container = pod.at("/containers/0");
    List<JsonNode> env = list(container.get("env"));
    List<String> names = env.stream().map(e -> e.get("name").asText()).toList();

    assertThat(deployment.at("/spec/replicas").asInt()).isGreaterThanOrEqualTo(2);
    assertThat(deployment.at("/spec/strategy/rollingUpdate/maxUnavailable").asInt()).isZero();
    // Kubernetes expands $(POD_NAME) only from a variable defined earlier in the list.
    int podName = names.indexOf("POD_NAME");
    int attributes = names.indexOf("OTEL_RESOURCE_ATTRIBUTES");
    assertThat(podName).isNotNegative().isLessThan(attributes);
    assertThat(env.get(podName).at("/valueFrom/fieldRef/fieldPath").asText())
        .isEqualTo("metadata.name");
    assertThat(env.get(attributes).get("value").asText())
        .isEqualTo("service.instance.id=$(POD_NAME)");
    assertThat(names).contains("OTEL_SERVICE_NAME", "OTEL_EXPORTER_OTLP_ENDPOINT");
    assertThat(
            Long.parseLong(
                env.get(names.indexOf("OTEL_METRIC_EXPORT_INTERVAL")).get("value").asText()))
        .isBetween(1_000L, 30_000L);
    // The graceful path is SIGTERM itself: no preStop hook.
    assertThat(container.has("lifecycle")).isFalse();
    assertThat(labels(pod.at("/topologySpreadConstraints/0/labelSelector/matchLabels")))
        .isEqualTo(labels(deployment.at("/spec/selector/matchLabels")));
  }

  @Test
  void theTerminationGracePeriodIsTheDefaultShutdownGracePlusTheMargin() throws IOException {
    Map<Path, String> files = render(Scaffold.Options.of("demo"));
    Duration grace = SupervisionSettings.defaults().shutdownGrace();

    assertThat(shutdownGraceAsTheRuntimeReadsIt(files)).isEqualTo(grace);
    assertThat(terminationGracePeriod(files))
        .isEqualTo(grace.plus(TerminationGrace.MARGIN).toSeconds())
        .isEqualTo(25);
  }

  @Test
  void anotherShutdownGraceChangesErgonYamlAndTheTerminationGracePeriod() throws IOException {
    Map<Path, String> longer =
        render(Scaffold.Options.of("demo").withShutdownGrace(Duration.ofSeconds(45)));
    Map<Path, String> fractional =
        render(Scaffold.Options.of("demo").withShutdownGrace(Duration.ofMillis(1500)));
    Map<Path, String> none = render(Scaffold.Options.of("demo").withShutdownGrace(Duration.ZERO));

    assertThat(shutdownGraceAsTheRuntimeReadsIt(longer)).isEqualTo(Duration.ofSeconds(45));
    assertThat(terminationGracePeriod(longer)).isEqualTo(55);
    assertThat(shutdownGraceAsTheRuntimeReadsIt(fractional)).isEqualTo(Duration.ofMillis(1500));
    assertThat(terminationGracePeriod(fractional)).isEqualTo(12); // 11.5 s, rounded up
    assertThat(shutdownGraceAsTheRuntimeReadsIt(none)).isZero();
    assertThat(terminationGracePeriod(none)).isEqualTo(10);
    // The ConfigMap carries the same ergon.yaml as the project.
    assertThat(yaml(longer, "k8s/configmap.yaml").at("/data/ergon.yaml").asText())
        .isEqualTo(longer.get(Path.of("ergon.yaml")));
  }

  @Test
  void aNegativeOrSubMillisecondShutdownGraceIsRefusedNamingTheKeyAndValue() {
    Scaffold.Options options = Scaffold.Options.of("demo");

    assertThatThrownBy(() -> options.withShutdownGrace(Duration.ofSeconds(-1)))
        .isInstanceOf(ScaffoldException.class)
        .hasMessageContaining("shutdown_grace")
        .hasMessageContaining("PT-1S");
    assertThatThrownBy(() -> options.withShutdownGrace(Duration.ofNanos(1_500_000)))
        .isInstanceOf(ScaffoldException.class)
        .hasMessageContaining("whole milliseconds");
  }

  @Test
  void thePodDisruptionBudgetSelectsExactlyTheDeploymentsPodsAndLeavesOneToEvict()
      throws IOException {
    Map<Path, String> files = render(Scaffold.Options.of("demo"));
    JsonNode deployment = yaml(files, "k8s/deployment.yaml");
    JsonNode pdb = yaml(files, "k8s/pdb.yaml");
    Map<String, String> podLabels = labels(deployment.at("/spec/template/metadata/labels"));
    Map<String, String> selector = labels(pdb.at("/spec/selector/matchLabels"));

    assertThat(selector)
        .isNotEmpty()
        .isEqualTo(labels(deployment.at("/spec/selector/matchLabels")));
    assertThat(podLabels).containsAllEntriesOf(selector);
    assertThat(pdb.at("/spec/selector/matchExpressions").isMissingNode()).isTrue();
    // One of the two is set, and it never blocks every eviction of the replicas.
    assertThat(pdb.at("/spec/minAvailable").isMissingNode()).isTrue();
    assertThat(pdb.at("/spec/maxUnavailable").asInt()).isEqualTo(1);
  }

  @Test
  void bothAutoscalersTargetTheDeploymentAndNeverScaleToZero() throws IOException {
    Map<Path, String> files = render(Scaffold.Options.of("demo"));
    String deployment = yaml(files, "k8s/deployment.yaml").at("/metadata/name").asText();
    JsonNode keda = yaml(files, "k8s/autoscaling/keda-scaledobject.yaml").get("spec");
    JsonNode hpa = yaml(files, "k8s/autoscaling/hpa-external-metric.yaml").get("spec");

    // KEDA's scaleTargetRef defaults to apps/v1 Deployment.
    assertThat(keda.at("/scaleTargetRef/name").asText()).isEqualTo(deployment);
    assertThat(keda.at("/scaleTargetRef/kind").asText("Deployment")).isEqualTo("Deployment");
    assertThat(hpa.at("/scaleTargetRef/apiVersion").asText()).isEqualTo("apps/v1");
    assertThat(hpa.at("/scaleTargetRef/kind").asText()).isEqualTo("Deployment");
    assertThat(hpa.at("/scaleTargetRef/name").asText()).isEqualTo(deployment);
    // The pods report the backlog themselves: at zero replicas nobody would.
    assertThat(keda.get("minReplicaCount").asInt()).isGreaterThanOrEqualTo(1);
    assertThat(hpa.get("minReplicas").asInt()).isGreaterThanOrEqualTo(1);
    assertThat(keda.get("maxReplicaCount").asInt())
        .isGreaterThan(keda.get("minReplicaCount").asInt());
    assertThat(hpa.get("maxReplicas").asInt()).isGreaterThan(hpa.get("minReplicas").asInt());
    assertThat(keda.at("/triggers/0/type").asText()).isEqualTo("prometheus");
    assertThat(Double.parseDouble(keda.at("/triggers/0/metadata/threshold").asText())).isPositive();
    assertThat(hpa.at("/metrics/0/type").asText()).isEqualTo("External");
  }

  private Duration shutdownGraceAsTheRuntimeReadsIt(Map<Path, String> files) throws IOException {
    Path file = Files.createTempFile(tmp, "ergon", ".yaml");
    Files.writeString(file, files.get(Path.of("ergon.yaml")));
    return ErgonConfiguration.load(
            ConfigSources.of(file, Map.of(), Map.of()), List.of(Scaffold.EXAMPLE_TASK))
        .task(Scaffold.EXAMPLE_TASK)
        .supervision()
        .shutdownGrace();
  }

  private static long terminationGracePeriod(Map<Path, String> files) throws IOException {
    JsonNode value =
        yaml(files, "k8s/deployment.yaml").at("/spec/template/spec/terminationGracePeriodSeconds");
    assertThat(value.isIntegralNumber()).as("terminationGracePeriodSeconds: " + value).isTrue();
    return value.asLong();
  }
}
