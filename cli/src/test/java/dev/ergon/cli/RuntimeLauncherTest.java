package dev.ergon.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ergon.cli.config.SupervisionSettings;
import dev.ergon.policy.SupervisionPolicy;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class RuntimeLauncherTest {

  @Test
  void supervisionSettingsAndTheRuntimesPolicyConvertKeyForKey() {
    SupervisionSettings s =
        new SupervisionSettings(
            false,
            Duration.ofSeconds(2),
            Duration.ofSeconds(3),
            Duration.ofSeconds(4),
            Duration.ofSeconds(5),
            Duration.ofSeconds(6),
            Duration.ofSeconds(7));

    SupervisionPolicy p = s.toPolicy();

    assertThat(p)
        .isEqualTo(
            new SupervisionPolicy(
                false,
                Duration.ofSeconds(2),
                Duration.ofSeconds(3),
                Duration.ofSeconds(4),
                Duration.ofSeconds(5),
                Duration.ofSeconds(6),
                Duration.ofSeconds(7)));
    assertThat(SupervisionSettings.of(p)).isEqualTo(s);
    assertThat(SupervisionSettings.defaults().toPolicy()).isEqualTo(SupervisionPolicy.defaults());
  }

  @Test
  void telemetryComesFromTheOtelEnvironmentOnlyWhenItIsUsed() {
    assertThat(RuntimeLauncher.usesOtelEnvironment(java.util.Map.of("PATH", "/bin"))).isFalse();
    assertThat(
            RuntimeLauncher.usesOtelEnvironment(
                java.util.Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", "http://collector:4317")))
        .isTrue();
  }

  @Test
  void theHealthEndpointPortComesFromTheEnvironmentAndIsChecked() {
    assertThat(RuntimeLauncher.healthPort(java.util.Map.of())).isEmpty();
    assertThat(RuntimeLauncher.healthPort(java.util.Map.of("ERGON_HEALTH_PORT", "8080")))
        .hasValue(8080);
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> RuntimeLauncher.healthPort(java.util.Map.of("ERGON_HEALTH_PORT", "http")))
        .isInstanceOf(dev.ergon.ConfigurationException.class)
        .hasMessageContaining("ERGON_HEALTH_PORT")
        .hasMessageContaining("http");
  }

  @Test
  void initScaffoldsAProjectAndRefusesANonEmptyDirectory(
      @org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
    java.io.StringWriter out = new java.io.StringWriter();
    java.io.StringWriter err = new java.io.StringWriter();
    java.nio.file.Path project = dir.resolve("demo");

    int first =
        ErgonCli.run(
            new String[] {"init", "demo", project.toString()},
            new java.io.PrintWriter(out),
            new java.io.PrintWriter(err));
    int second =
        ErgonCli.run(
            new String[] {"init", "demo", project.toString()},
            new java.io.PrintWriter(out),
            new java.io.PrintWriter(err));

    assertThat(first).isZero();
    assertThat(project.resolve("pom.xml")).exists();
    assertThat(second).isEqualTo(2);
    assertThat(err.toString()).contains("ergon init:").contains(project.toString());
  }
}
