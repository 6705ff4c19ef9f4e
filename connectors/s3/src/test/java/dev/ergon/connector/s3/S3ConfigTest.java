package dev.ergon.connector.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ergon.ConfigurationException;
import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Settings: read from string keys, checked at once, secrets never shown. */
class S3ConfigTest {
  private static final String SECRET = "wJalrXUtnFEMI-K7MDENG-bPxRfiCYEXAMPLEKEY";

  private static Map<String, String> valid() {
    Map<String, String> m = new HashMap<>();
    m.put("bucket", "orders");
    m.put("prefix", "inbox/");
    m.put("access_key_id", "AKIAEXAMPLE");
    m.put("secret_access_key", SECRET);
    return m;
  }

  private static Map<String, String> with(String key, String value) {
    Map<String, String> m = valid();
    m.put(key, value);
    return m;
  }

  @Test
  void fromMapReadsEveryKey() {
    Map<String, String> m = valid();
    m.put("region", "eu-west-1");
    m.put("endpoint", "http://127.0.0.1:9000");
    m.put("path_style", "true");
    m.put("mode", "lines");
    m.put("line_format", "CSV");
    m.put("on_success", "delete");
    m.put("processed_prefix", "done/");
    m.put("failed_prefix", "dead/");
    m.put("lease_prefix", "locks/");
    m.put("dispatch_prefix", "outbox/");
    m.put("lease_duration", "1m");
    m.put("heartbeat_interval", "10s");
    m.put("worker_id", "w1");
    m.put("max_object_bytes", "1024");

    S3Config c = S3Config.fromMap(m);

    assertThat(c.bucket()).isEqualTo("orders");
    assertThat(c.region()).isEqualTo("eu-west-1");
    assertThat(c.endpoint()).isEqualTo(URI.create("http://127.0.0.1:9000"));
    assertThat(c.pathStyle()).isTrue();
    assertThat(c.mode()).isEqualTo(S3Config.Mode.LINES);
    assertThat(c.lineFormat()).isEqualTo(S3Config.LineFormat.CSV);
    assertThat(c.onSuccess()).isEqualTo(S3Config.OnSuccess.DELETE);
    assertThat(c.processedPrefix()).isEqualTo("done/");
    assertThat(c.failedPrefix()).isEqualTo("dead/");
    assertThat(c.leasePrefix()).isEqualTo("locks/");
    assertThat(c.dispatchPrefix()).isEqualTo("outbox/");
    assertThat(c.leaseDuration()).isEqualTo(Duration.ofMinutes(1));
    assertThat(c.heartbeatInterval()).isEqualTo(Duration.ofSeconds(10));
    assertThat(c.workerId()).isEqualTo("w1");
    assertThat(c.maxObjectBytes()).isEqualTo(1024);
  }

  @Test
  void defaultsFollowThePrefix() {
    S3Config c = S3Config.builder().bucket("orders").prefix("inbox/").build();
    assertThat(c.leasePrefix()).isEqualTo("inbox/.leases/");
    assertThat(c.dispatchPrefix()).isEqualTo("inbox/");
    assertThat(c.processedPrefix()).isEqualTo("processed/");
    assertThat(c.failedPrefix()).isEqualTo("failed/");
    assertThat(c.heartbeatInterval()).isEqualTo(Duration.ofSeconds(10));
    assertThat(c.mode()).isEqualTo(S3Config.Mode.OBJECT);
    assertThat(c.workerId()).startsWith("s3-worker-");
  }

  @Test
  void badValuesAreRejectedNamingTheKeyAndTheValue() {
    Map<String, String> cases = new java.util.LinkedHashMap<>();
    cases.put("bucket", "Not_A_Bucket");
    cases.put("endpoint", "ftp://example.com");
    cases.put("path_style", "yes");
    cases.put("mode", "chunks");
    cases.put("line_format", "xml");
    cases.put("on_success", "keep");
    cases.put("processed_prefix", "processed");
    cases.put("failed_prefix", "inbox/"); // the source prefix would lie inside it
    cases.put("lease_duration", "soon");
    cases.put("heartbeat_interval", "PT45S"); // not below the 30 s lease
    cases.put("max_object_bytes", "0");
    cases.put("worker_id", " ");
    for (Map.Entry<String, String> e : cases.entrySet()) {
      assertThatThrownBy(() -> S3Config.fromMap(with(e.getKey(), e.getValue())))
          .as(e.getKey())
          .isInstanceOf(ConfigurationException.class)
          .hasMessageContaining(e.getKey())
          .hasMessageContaining(e.getValue())
          .satisfies(x -> assertThat(x.getMessage()).doesNotContain(SECRET));
    }
  }

  @Test
  void unknownAndMissingKeysAreNamed() {
    assertThatThrownBy(() -> S3Config.fromMap(with("bukket", "orders")))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("bukket");
    Map<String, String> noBucket = valid();
    noBucket.remove("bucket");
    assertThatThrownBy(() -> S3Config.fromMap(noBucket))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("bucket");
    Map<String, String> halfCredentials = valid();
    halfCredentials.remove("access_key_id");
    assertThatThrownBy(() -> S3Config.fromMap(halfCredentials))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("access_key_id")
        .satisfies(x -> assertThat(x.getMessage()).doesNotContain(SECRET));
  }

  @Test
  void theSecretNeverAppearsInToStringNorInAConnectionError() {
    S3Config c = S3Config.fromMap(with("endpoint", "http://127.0.0.1:1"));
    assertThat(c.toString()).contains("AKIAEXAMPLE").doesNotContain(SECRET);
    try (S3Connector connector = new S3Connector(c)) {
      assertThatThrownBy(() -> connector.fetchTransactions(1))
          .satisfies(
              x -> {
                for (Throwable t = x; t != null; t = t.getCause()) {
                  assertThat(String.valueOf(t.getMessage())).doesNotContain(SECRET);
                  assertThat(t.toString()).doesNotContain(SECRET);
                }
              });
      assertThat(connector.health().toString()).doesNotContain(SECRET);
    }
  }
}
