package dev.ergon.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ergon.ConfigurationException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class SupervisionPolicyTest {
  @Test
  void theDefaultsAreTheOriginals() {
    SupervisionPolicy p = SupervisionPolicy.defaults();

    assertThat(p.enabled()).isTrue();
    assertThat(p.checkInterval()).isEqualTo(Duration.ofSeconds(10));
    assertThat(p.startupGrace()).isEqualTo(Duration.ofSeconds(60));
    assertThat(p.unhealthyGrace()).isEqualTo(Duration.ofSeconds(30));
    assertThat(p.shutdownGrace()).isEqualTo(Duration.ofSeconds(15));
    assertThat(p.fetchStaleAfterSetting()).isEmpty();
    assertThat(p.processingStaleAfterSetting()).isEmpty();
  }

  @Test
  void invalidValuesFailNamingTheKeyAndTheValue() {
    assertThatThrownBy(() -> SupervisionPolicy.builder().checkInterval(Duration.ZERO))
        .isInstanceOf(ConfigurationException.class)
        .hasMessage("supervision.check_interval must be > 0 but was PT0S");
    assertThatThrownBy(() -> SupervisionPolicy.builder().startupGrace(Duration.ofSeconds(-1)))
        .hasMessageContaining("supervision.startup_grace");
    assertThatThrownBy(() -> SupervisionPolicy.builder().processingStaleAfter(Duration.ZERO))
        .hasMessageContaining("supervision.processing_stale_after");
    assertThatThrownBy(() -> SupervisionPolicy.builder().fetchStaleAfter(Duration.ofSeconds(-5)))
        .hasMessageContaining("supervision.fetch_stale_after");
  }
}
