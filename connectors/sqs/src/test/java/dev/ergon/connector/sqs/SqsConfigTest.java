package dev.ergon.connector.sqs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ergon.ConfigurationException;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SqsConfigTest {
  private static final String SECRET = "wJalrXUtnFEMI-K7MDENG-bPxRfiCYEXAMPLEKEY";

  @Test
  void settingsFromAMapAreReadAndTheSecretNeverShows() {
    SqsConfig c =
        SqsConfig.fromMap(
            Map.of(
                "queue_name", "orders.fifo",
                "region", "eu-west-1",
                "endpoint", "http://127.0.0.1:9324",
                "access_key_id", "AKIDEXAMPLE",
                "secret_access_key", SECRET,
                "wait_time", "2s",
                "visibility_timeout", "30s",
                "heartbeat_interval", "5s",
                "group_id_key", "customer"));
    assertThat(c.fifo()).isTrue();
    assertThat(c.waitTime()).isEqualTo(Duration.ofSeconds(2));
    assertThat(c.heartbeatInterval()).isEqualTo(Duration.ofSeconds(5));
    assertThat(c.groupIdKey()).isEqualTo("customer");
    assertThat(c.toString()).doesNotContain(SECRET).contains("AKIDEXAMPLE");
  }

  @Test
  void unknownAndInvalidSettingsAreRejectedNamingTheKeyWithoutTheSecret() {
    assertThatThrownBy(() -> SqsConfig.fromMap(Map.of("queue_name", "q", "wait", "1s")))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("[wait]");
    assertThatThrownBy(() -> SqsConfig.fromMap(Map.of("queue_name", "q", "wait_time", "21s")))
        .hasMessageContaining("wait_time must be");
    assertThatThrownBy(
            () ->
                SqsConfig.fromMap(
                    Map.of(
                        "queue_name", "q", "visibility_timeout", "2s", "heartbeat_interval", "3s")))
        .hasMessageContaining("heartbeat_interval");
    assertThatThrownBy(
            () -> SqsConfig.fromMap(Map.of("queue_name", "q", "secret_access_key", SECRET)))
        .hasMessageContaining("access_key_id")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain(SECRET));
    assertThatThrownBy(() -> SqsConfig.fromMap(Map.of("region", "x")))
        .hasMessageContaining("queue_url and queue_name");
  }
}
