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
}
