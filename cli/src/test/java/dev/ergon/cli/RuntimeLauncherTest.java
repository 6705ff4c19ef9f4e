package dev.ergon.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ergon.cli.config.SupervisionSettings;
import dev.ergon.runtime.SupervisionPolicy;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class RuntimeLauncherTest {

  @Test
  void supervisionSettingsBecomeTheRuntimesPolicyKeyForKey() {
    SupervisionSettings s =
        new SupervisionSettings(
            false,
            Duration.ofSeconds(2),
            Duration.ofSeconds(3),
            Duration.ofSeconds(4),
            Duration.ofSeconds(5),
            Duration.ofSeconds(6),
            Duration.ofSeconds(7));

    SupervisionPolicy p = RuntimeLauncher.supervision(s);

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
    assertThat(RuntimeLauncher.supervision(SupervisionSettings.defaults()))
        .isEqualTo(SupervisionPolicy.defaults());
  }
}
