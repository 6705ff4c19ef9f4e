package dev.ergon.cli.init;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ergon.cli.init.ScaffoldException.Reason;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.w3c.dom.Document;

class ScaffoldTest {
  private final Scaffold scaffold = new Scaffold();

  @TempDir Path tmp;

  private static final List<String> EXPECTED =
      List.of(
          "pom.xml",
          "README.md",
          ".gitignore",
          ".dockerignore",
          "ergon.yaml",
          "Dockerfile",
          "src/main/java/com/example/myproject/Main.java",
          "src/main/java/com/example/myproject/connectors/package-info.java",
          "src/main/java/com/example/myproject/connectors/ListConnector.java",
          "src/main/java/com/example/myproject/tasks/package-info.java",
          "src/main/java/com/example/myproject/tasks/exampletask/package-info.java",
          "src/main/java/com/example/myproject/tasks/exampletask/Config.java",
          "src/main/java/com/example/myproject/tasks/exampletask/ExampleTask.java",
          "src/main/java/com/example/myproject/tasks/exampletask/Schemas.java",
          "src/main/java/com/example/myproject/tasks/exampletask/Helpers.java",
          "src/main/java/com/example/myproject/tasks/exampletask/Exceptions.java",
          "src/main/resources/logback.xml",
          "src/test/java/com/example/myproject/tasks/exampletask/ExampleTaskTest.java",
          "src/test/java/com/example/myproject/tasks/exampletask/HelpersTest.java",
          "src/test/java/com/example/myproject/connectors/ListConnectorTest.java",
          "_observability/docker-compose.telemetry.yml",
          "_observability/otel-collector-config.yaml",
          "_observability/prometheus.yaml",
          "_observability/tempo.yaml",
          "_observability/loki.yaml",
          "_observability/grafana/provisioning/datasources/datasources.yaml",
          "_observability/grafana/provisioning/dashboards/dashboards.yaml",
          "_observability/grafana/dashboards/ergon.json",
          "k8s/configmap.yaml",
          "k8s/deployment.yaml",
          "k8s/pdb.yaml",
          "k8s/autoscaling/keda-scaledobject.yaml",
          "k8s/autoscaling/hpa-external-metric.yaml",
          "k8s/autoscaling/prometheus-adapter-values.yaml");

  private static Set<String> filesUnder(Path root) throws IOException {
    try (Stream<Path> walk = Files.walk(root)) {
      return walk.filter(Files::isRegularFile)
          .map(p -> root.relativize(p).toString().replace('\\', '/'))
          .collect(Collectors.toCollection(TreeSet::new));
    }
  }

  @Test
  void writesTheProjectWithEveryPlaceholderSubstituted() throws IOException {
    Path dir = tmp.resolve("my-project");

    Scaffold.Result result = scaffold.create("my-project", dir, false);

    assertThat(filesUnder(dir)).containsExactlyInAnyOrderElementsOf(EXPECTED);
    assertThat(result.directory()).isEqualTo(dir.toAbsolutePath());
    assertThat(result.files()).map(Path::toString).containsExactlyElementsOf(EXPECTED);
    assertThat(result.created()).isEqualTo(result.files());
    assertThat(result.overwritten()).isEmpty();
    for (String f : EXPECTED) {
      String text = Files.readString(dir.resolve(f));
      assertThat(text).as(f).doesNotContain("{{").isNotBlank();
    }
    String main = Files.readString(dir.resolve(EXPECTED.get(6)));
    assertThat(main)
        .startsWith("package com.example.myproject;")
        .contains("ErgonCli.main(args, Config.taskConfig());");
    assertThat(Files.readString(dir.resolve(EXPECTED.get(11))))
        .contains("public static final String NAME = \"example-task\";");
    assertThat(Files.readString(dir.resolve("k8s/deployment.yaml"))).contains("name: my-project\n");
    assertThat(result.describe())
        .contains(dir.toAbsolutePath().toString())
        .contains("java -jar target/my-project.jar run example-task")
        .doesNotContain("Overwritten");
  }

  @Test
  void thePomUsesTheNameTheDerivedCoordinatesAndTheFrameworkVersion() throws Exception {
    Path dir = tmp.resolve("demo");
    scaffold.create("demo", dir, false);

    Document pom =
        DocumentBuilderFactory.newInstance()
            .newDocumentBuilder()
            .parse(dir.resolve("pom.xml").toFile());
    var xpath = javax.xml.xpath.XPathFactory.newInstance().newXPath();

    assertThat(xpath.evaluate("/project/groupId", pom)).isEqualTo("com.example");
    assertThat(xpath.evaluate("/project/artifactId", pom)).isEqualTo("demo");
    assertThat(xpath.evaluate("/project/properties/main.class", pom))
        .isEqualTo("com.example.demo.Main");
    assertThat(xpath.evaluate("/project/properties/ergon.version", pom))
        .isEqualTo(Scaffold.frameworkVersion());
    assertThat(xpath.evaluate("/project/properties/maven.compiler.release", pom)).isEqualTo("21");
  }

  @Test
  void derivesTheCoordinatesFromTheName() {
    Scaffold.Options o = Scaffold.Options.of("My_Project-2");

    assertThat(o.groupId()).isEqualTo("com.example");
    assertThat(o.artifactId()).isEqualTo("My_Project-2");
    assertThat(o.packageName()).isEqualTo("com.example.myproject2");
    assertThat(o.k8sName()).isEqualTo("my-project-2");
    assertThat(o.withGroupId("org.acme").packageName()).isEqualTo("org.acme.myproject2");
    assertThat(Scaffold.Options.of("trailing-").k8sName()).isEqualTo("trailing");
  }

  @ParameterizedTest
  @ValueSource(strings = {"1project", "my project", "a/b", "../evil", "naïve", "-x", "é"})
  void rejectsABadNameNamingIt(String name) {
    assertThatThrownBy(() -> scaffold.create(name, tmp.resolve("p"), false))
        .isInstanceOfSatisfying(
            ScaffoldException.class, e -> assertThat(e.reason()).isEqualTo(Reason.INVALID_NAME))
        .hasMessageContaining("'" + name + "'")
        .hasMessageContaining("letters, digits, '-' and '_'");
    assertThat(tmp.resolve("p")).doesNotExist();
  }

  @Test
  void rejectsAnEmptyNameAJavaKeywordAndAnOverlongName() {
    assertThatThrownBy(() -> Scaffold.Options.of(" "))
        .isInstanceOf(ScaffoldException.class)
        .hasMessageContaining("must not be empty");
    assertThatThrownBy(() -> Scaffold.Options.of("int"))
        .isInstanceOf(ScaffoldException.class)
        .hasMessageContaining("'int' is a Java keyword");
    assertThatThrownBy(() -> Scaffold.Options.of("a".repeat(51)))
        .isInstanceOf(ScaffoldException.class)
        .hasMessageContaining("at most 50 characters");
    assertThatThrownBy(() -> Scaffold.Options.of("demo").withGroupId("com.1bad"))
        .isInstanceOf(ScaffoldException.class)
        .hasMessageContaining("invalid groupId 'com.1bad'");
  }

  @Test
  void refusesANonEmptyDirectoryNamingItAndWritesNothing() throws IOException {
    Path dir = Files.createDirectories(tmp.resolve("busy"));
    Files.writeString(dir.resolve("notes.txt"), "mine");

    assertThatThrownBy(() -> scaffold.create("demo", dir, false))
        .isInstanceOfSatisfying(
            ScaffoldException.class,
            e -> {
              assertThat(e.reason()).isEqualTo(Reason.DIRECTORY_NOT_EMPTY);
              assertThat(e.isUsageError()).isTrue();
            })
        .hasMessageContaining(dir.toAbsolutePath().toString())
        .hasMessageContaining("is not empty (notes.txt)")
        .hasMessageContaining("--force");
    assertThat(filesUnder(dir)).containsExactly("notes.txt");
  }

  @Test
  void writesIntoAnExistingEmptyDirectory() throws IOException {
    Path dir = Files.createDirectories(tmp.resolve("empty"));

    Scaffold.Result result = scaffold.create("demo", dir, false);

    assertThat(result.created()).hasSize(EXPECTED.size());
  }

  @Test
  void forceOverwritesOnlyTheGeneratedFilesAndReportsThem() throws IOException {
    Path dir = tmp.resolve("demo");
    scaffold.create("demo", dir, false);
    Files.writeString(dir.resolve("pom.xml"), "<project>edited</project>");
    Files.writeString(dir.resolve("ergon.yaml"), "tasks: {}\n");
    Files.writeString(dir.resolve("notes.txt"), "mine");
    Path extraSource = dir.resolve("src/main/java/com/example/demo/tasks/Other.java");
    Files.writeString(extraSource, "class Other {}");
    Files.delete(dir.resolve("README.md"));

    Scaffold.Result result = scaffold.create("demo", dir, true);

    assertThat(result.overwritten()).map(Path::toString).containsExactly("pom.xml", "ergon.yaml");
    assertThat(result.created()).map(Path::toString).containsExactly("README.md");
    assertThat(result.unchanged()).hasSize(EXPECTED.size() - 3);
    assertThat(Files.readString(dir.resolve("pom.xml"))).contains("<artifactId>demo</artifactId>");
    assertThat(Files.readString(dir.resolve("notes.txt"))).isEqualTo("mine");
    assertThat(Files.readString(extraSource)).isEqualTo("class Other {}");
    assertThat(result.describe())
        .contains("1 new files, 2 overwritten")
        .contains("Overwritten (--force):\n  pom.xml\n  ergon.yaml\n");
  }

  @Test
  void forceStillRefusesADirectoryWhereAFileMustGoAndWritesNothing() throws IOException {
    Path dir = Files.createDirectories(tmp.resolve("demo"));
    Files.createDirectories(dir.resolve("Dockerfile"));

    assertThatThrownBy(() -> scaffold.create("demo", dir, true))
        .isInstanceOfSatisfying(
            ScaffoldException.class, e -> assertThat(e.reason()).isEqualTo(Reason.CONFLICT))
        .hasMessageContaining("Dockerfile")
        .hasMessageContaining("a directory is in the way");
    assertThat(filesUnder(dir)).isEmpty();
  }

  @Test
  void refusesATargetThatIsAFile() throws IOException {
    Path file = Files.writeString(tmp.resolve("demo"), "x");

    assertThatThrownBy(() -> scaffold.create("demo", file, true))
        .isInstanceOf(ScaffoldException.class)
        .hasMessageContaining("it is a file");
  }

  @Test
  void theConfigMapHoldsExactlyTheProjectsErgonYaml() throws IOException {
    Map<Path, String> files = scaffold.render(Scaffold.Options.of("demo"));
    var yaml =
        new com.fasterxml.jackson.databind.ObjectMapper(
            new com.fasterxml.jackson.dataformat.yaml.YAMLFactory());

    var configMap = yaml.readTree(files.get(Path.of("k8s/configmap.yaml")));

    assertThat(configMap.at("/data/ergon.yaml").asText())
        .isEqualTo(files.get(Path.of("ergon.yaml")));
  }

  @Test
  void anotherVersionIsWrittenIntoThePom() {
    Map<Path, String> files = new Scaffold("9.9.9").render(Scaffold.Options.of("demo"));

    assertThat(files.get(Path.of("pom.xml"))).contains("<ergon.version>9.9.9</ergon.version>");
  }

  @Test
  void anUnknownPlaceholderIsAnError() {
    assertThatThrownBy(() -> Scaffold.substitute("a {{nope}} b", Map.of("x", "1"), "t.tmpl"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("t.tmpl: unknown placeholder {{nope}}");
    assertThatThrownBy(() -> Scaffold.substitute("a {{ x }} b", Map.of("x", "1"), "t.tmpl"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("'{{' that is not a placeholder");
  }

  @ParameterizedTest
  @EnumSource(Scaffold.Template.class)
  void theManifestListsEveryTemplateResource(Scaffold.Template template)
      throws IOException, URISyntaxException {
    var url =
        Scaffold.class.getResource(
            template == Scaffold.Template.PLAIN
                ? "template/files.txt"
                : "template-spring-boot/files.txt");
    assertThat(url).isNotNull();
    Path templates = Path.of(url.toURI()).getParent();
    Set<String> onDisk = filesUnder(templates);
    onDisk.remove("files.txt");

    Set<String> listed =
        new Scaffold()
            .withTemplate(template).manifest().stream()
                .map(e -> e[0])
                .collect(Collectors.toCollection(TreeSet::new));

    assertThat(listed).isEqualTo(onDisk);
  }

  @Test
  void theVersionResourceMatchesTheBuildsVersion() throws Exception {
    // Tests run in the cli module's directory; the resource must follow the parent's version.
    Document pom =
        DocumentBuilderFactory.newInstance()
            .newDocumentBuilder()
            .parse(Path.of("pom.xml").toFile());
    String buildVersion =
        javax.xml.xpath.XPathFactory.newInstance()
            .newXPath()
            .evaluate("/project/parent/version", pom);

    assertThat(Scaffold.frameworkVersion()).isEqualTo(buildVersion);
  }
}
