package dev.ergon.connector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ergon.ConfigurationException;
import dev.ergon.policy.ThreadKind;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SettingChecksTest {

  @Test
  void parsesTheTextFormsOfSettings() {
    assertThat(SettingChecks.bool("k", " Yes ")).isTrue();
    assertThat(SettingChecks.bool("k", "off")).isFalse();
    assertThat(SettingChecks.integer("k", " 42")).isEqualTo(42);
    assertThat(SettingChecks.longInteger("k", "5000000000")).isEqualTo(5_000_000_000L);
    assertThat(SettingChecks.duration("k", "500ms")).isEqualTo(Duration.ofMillis(500));
    assertThat(SettingChecks.duration("k", "30s")).isEqualTo(Duration.ofSeconds(30));
    assertThat(SettingChecks.duration("k", "2m")).isEqualTo(Duration.ofMinutes(2));
    assertThat(SettingChecks.duration("k", "1h")).isEqualTo(Duration.ofHours(1));
    assertThat(SettingChecks.duration("k", "PT3S")).isEqualTo(Duration.ofSeconds(3));
    assertThat(SettingChecks.oneOf("k", ThreadKind.class, "virtual")).isEqualTo(ThreadKind.VIRTUAL);
  }

  @Test
  void badTextIsRefusedNamingTheKeyAndTheValue() {
    assertThatThrownBy(() -> SettingChecks.bool("verify_tls", "maybe"))
        .isInstanceOf(ConfigurationException.class)
        .hasMessage("verify_tls must be true or false but was 'maybe'");
    assertThatThrownBy(() -> SettingChecks.integer("port", "80x"))
        .hasMessage("port must be an integer but was '80x'");
    assertThatThrownBy(() -> SettingChecks.longInteger("max_len", "lots"))
        .hasMessage("max_len must be an integer but was 'lots'");
    assertThatThrownBy(() -> SettingChecks.duration("fetch_wait", "soon"))
        .hasMessage("fetch_wait must be a duration such as 500ms, 30s, 2m or PT30S but was 'soon'");
    assertThatThrownBy(() -> SettingChecks.duration("fetch_wait", "10x"))
        .isInstanceOf(ConfigurationException.class);
    assertThatThrownBy(() -> SettingChecks.oneOf("threads", ThreadKind.class, "green"))
        .hasMessageContaining("threads must be one of [")
        .hasMessageContaining("virtual")
        .hasMessageContaining("but was 'green'");
  }

  @Test
  void valuesOutsideTheirRulesAreRefusedNamingTheField() {
    assertThat(SettingChecks.set("a", "x")).isEqualTo("x");
    assertThatThrownBy(() -> SettingChecks.set("queue", null))
        .hasMessage("queue must be set but was null");
    assertThatThrownBy(() -> SettingChecks.nonBlank("queue", " "))
        .hasMessage("queue must be non-blank but was ' '");
    assertThat(SettingChecks.positive("t", Duration.ofMillis(1))).isEqualTo(Duration.ofMillis(1));
    assertThatThrownBy(() -> SettingChecks.positive("t", Duration.ZERO))
        .hasMessage("t must be > 0 but was PT0S");
    assertThat(SettingChecks.between("n", 5, 1, 5)).isEqualTo(5);
    assertThatThrownBy(() -> SettingChecks.between("n", 6, 1, 5))
        .hasMessage("n must be between 1 and 5 but was 6");
    assertThat(SettingChecks.list("l", List.of(1, 2))).containsExactly(1, 2);
    assertThatThrownBy(() -> SettingChecks.list("l", Arrays.asList(1, null)))
        .hasMessageContaining("l must be free of nulls");
    Map<String, String> withNull = new HashMap<>();
    withNull.put("k", null);
    assertThat(SettingChecks.map("m", Map.of("k", "v"))).containsEntry("k", "v");
    assertThatThrownBy(() -> SettingChecks.map("m", withNull))
        .hasMessageContaining("m must be free of null keys and values");
  }
}
