package dev.ergon.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ergon init}'s options, through the command line. */
class InitCommandTest {
  @TempDir Path tmp;

  @Test
  void shutdownGraceGoesIntoErgonYamlAndTheDeploymentsTerminationGrace() throws Exception {
    Path dir = tmp.resolve("demo");

    Cli.Result r = new Cli().run("init", "demo", dir.toString(), "--shutdown-grace", "45s");

    assertThat(r.code()).as(r.err()).isZero();
    assertThat(Files.readString(dir.resolve("ergon.yaml"))).contains("shutdown_grace: 45s\n");
    assertThat(Files.readString(dir.resolve("k8s/deployment.yaml")))
        .contains("terminationGracePeriodSeconds: 55\n");
  }

  @Test
  void withoutTheOptionTheDefaultGraceIsUsed() throws Exception {
    Path dir = tmp.resolve("demo");

    Cli.Result r = new Cli().run("init", "demo", dir.toString());

    assertThat(r.code()).as(r.err()).isZero();
    assertThat(Files.readString(dir.resolve("ergon.yaml"))).contains("shutdown_grace: 15s\n");
    assertThat(Files.readString(dir.resolve("k8s/deployment.yaml")))
        .contains("terminationGracePeriodSeconds: 25\n");
  }

  @Test
  void aBadGraceIsAUsageErrorNamingTheOptionAndWritesNothing() {
    Path dir = tmp.resolve("demo");

    Cli.Result bad = new Cli().run("init", "demo", dir.toString(), "--shutdown-grace", "soon");
    Cli.Result negative = new Cli().run("init", "demo", dir.toString(), "--shutdown-grace", "-5s");

    assertThat(bad.code()).isEqualTo(ExitCodes.INVALID);
    assertThat(bad.err()).contains("--shutdown-grace").contains("'soon'");
    assertThat(negative.code()).isEqualTo(ExitCodes.INVALID);
    assertThat(negative.err()).contains("shutdown_grace").contains("PT-5S");
    assertThat(dir).doesNotExist();
  }

  @Test
  void springBootWritesTheSpringBootApplicationWithTheEnginesVersionsOverSpringBoots()
      throws Exception {
    Path dir = tmp.resolve("demo-boot");

    Cli.Result r = new Cli().run("init", "--spring-boot", "demo-boot", dir.toString());

    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).contains("java -jar target/demo-boot.jar");
    String pom = Files.readString(dir.resolve("pom.xml"));
    assertThat(pom)
        .contains("<artifactId>spring-boot-starter-parent</artifactId>")
        .contains("<artifactId>ergon-spring-boot-starter</artifactId>")
        .containsPattern("<opentelemetry.version>\\d+\\.\\d+\\.\\d+</opentelemetry.version>")
        .containsPattern("<jackson-bom.version>\\d+\\.\\d+\\.\\d+</jackson-bom.version>");
    assertThat(Files.readString(dir.resolve("src/main/resources/application.yml")))
        .contains("example-task:")
        .contains("probes:");
    assertThat(dir.resolve("src/main/java/com/example/demoboot/Application.java")).isRegularFile();
    assertThat(dir.resolve("src/test/java/com/example/demoboot/ApplicationTest.java"))
        .isRegularFile();
    assertThat(dir.resolve("ergon.yaml")).doesNotExist();
  }

  @Test
  void springBootWithShutdownGraceIsAUsageError() {
    Path dir = tmp.resolve("demo-boot");

    Cli.Result r =
        new Cli()
            .run("init", "--spring-boot", "demo-boot", dir.toString(), "--shutdown-grace", "5s");

    assertThat(r.code()).isEqualTo(ExitCodes.INVALID);
    assertThat(r.err()).contains("timeout-per-shutdown-phase");
    assertThat(dir).doesNotExist();
  }
}
