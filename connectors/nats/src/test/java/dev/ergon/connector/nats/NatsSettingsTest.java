package dev.ergon.connector.nats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ergon.ConfigurationException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Settings from code and from strings: defaults, validation naming key and value, no leaks. */
class NatsSettingsTest {

  private static Map<String, String> base() {
    Map<String, String> m = new HashMap<>();
    m.put("stream", "ORDERS");
    m.put("subject", "orders.new");
    m.put("durable", "order-workers");
    return m;
  }

  @Test
  void defaultsAreDerivedFromTheSubjectAndTheAckWait() {
    NatsSettings s = NatsSettings.fromMap(base());
    assertThat(s.urls()).containsExactly("nats://127.0.0.1:4222");
    assertThat(s.effectivePublishSubject()).isEqualTo("orders.new");
    assertThat(s.effectiveDeadLetterSubject()).isEqualTo("orders.new.dead");
    assertThat(s.ackWait()).isEqualTo(Duration.ofSeconds(30));
    assertThat(s.effectiveInProgressInterval()).isEqualTo(Duration.ofSeconds(10));
    assertThat(s.maxDeliver()).isNull();
    assertThat(s.configuredMaxAckPending()).isEmpty();
    assertThat(s.createStream()).isFalse();
  }

  @Test
  void everyKeyIsRead() {
    Map<String, String> m = base();
    m.put("urls", "nats://a:4222, nats://b:4222");
    m.put("publish_subject", "orders.out");
    m.put("dead_letter_subject", "orders.dlq");
    m.put("create_stream", "true");
    m.put("deduplicate", "yes");
    m.put("ack_wait", "2m");
    m.put("in_progress_interval", "PT20S");
    m.put("max_in_progress", "1h");
    m.put("max_deliver", "5");
    m.put("max_ack_pending", "100");
    m.put("nak_delay", "250ms");
    m.put("fetch_wait", "1s");
    m.put("settle_timeout", "3s");
    m.put("connection_name", "orders-in");
    m.put("credentials_file", "/etc/nats/app.creds");
    NatsSettings s = NatsSettings.fromMap(m);
    assertThat(s.urls()).containsExactly("nats://a:4222", "nats://b:4222");
    assertThat(s.effectivePublishSubject()).isEqualTo("orders.out");
    assertThat(s.effectiveDeadLetterSubject()).isEqualTo("orders.dlq");
    assertThat(s.createStream()).isTrue();
    assertThat(s.deduplicate()).isTrue();
    assertThat(s.ackWait()).isEqualTo(Duration.ofMinutes(2));
    assertThat(s.effectiveInProgressInterval()).isEqualTo(Duration.ofSeconds(20));
    assertThat(s.maxInProgress()).isEqualTo(Duration.ofHours(1));
    assertThat(s.maxDeliver()).isEqualTo(5);
    assertThat(s.configuredMaxAckPending()).hasValue(100);
    assertThat(s.nakDelay()).isEqualTo(Duration.ofMillis(250));
    assertThat(s.fetchWait()).isEqualTo(Duration.ofSeconds(1));
    assertThat(s.settleTimeout()).isEqualTo(Duration.ofSeconds(3));
    assertThat(s.connectionName()).isEqualTo("orders-in");
    assertThat(s.credentialsFile()).isEqualTo("/etc/nats/app.creds");
  }

  @Test
  void unknownKeysAreRefusedByName() {
    Map<String, String> m = base();
    m.put("ack_wiat", "5s");
    assertThatThrownBy(() -> NatsSettings.fromMap(m))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("[ack_wiat]")
        .hasMessageContaining("ack_wait");
  }

  @Test
  void wrongValuesAreNamedWithTheirKey() {
    assertThat(error("ack_wait", "soon")).contains("ack_wait must be a duration").contains("soon");
    assertThat(error("max_deliver", "0")).contains("max_deliver must be between 1");
    assertThat(error("fetch_wait", "5s")).contains("fetch_wait must be between 1 ms and 1 s");
    assertThat(error("in_progress_interval", "40s"))
        .contains("in_progress_interval must be shorter than ack_wait");
    assertThat(error("durable", "a.b")).contains("durable must be made of letters");
    assertThat(error("subject", "orders..new")).contains("subject must be a subject");
    assertThat(error("urls", "http://x")).contains("urls must be a nats://");
    assertThat(error("create_stream", "maybe")).contains("create_stream must be true or false");
    assertThat(error("dead_letter_subject", "orders.new"))
        .contains("dead_letter_subject must be outside the consumer's subject");
    Map<String, String> wild = base();
    wild.put("subject", "orders.*");
    assertThatThrownBy(() -> NatsSettings.fromMap(wild))
        .hasMessageContaining("publish_subject must be set when subject has wildcards");
    Map<String, String> missing = base();
    missing.remove("stream");
    assertThatThrownBy(() -> NatsSettings.fromMap(missing))
        .hasMessage("stream must be set but was null");
  }

  private static String error(String key, String value) {
    Map<String, String> m = base();
    m.put(key, value);
    try {
      NatsSettings.fromMap(m);
    } catch (ConfigurationException e) {
      return e.getMessage();
    }
    throw new AssertionError(key + "=" + value + " was accepted");
  }

  @Test
  void credentialsNeverAppearInToStringOrErrors() {
    Map<String, String> m = base();
    m.put("user", "svc");
    m.put("password", "p4ss-secret");
    m.put("url", "nats://svc:url-secret@127.0.0.1:4222");
    NatsSettings s = NatsSettings.fromMap(m);
    assertThat(s.toString())
        .doesNotContain("p4ss-secret")
        .doesNotContain("url-secret")
        .contains("password=***")
        .contains("user=svc");

    NatsSettings token =
        NatsSettings.builder().stream("S")
            .subject("s.in")
            .durable("d")
            .token("t0ken-secret")
            .build();
    assertThat(token.toString()).doesNotContain("t0ken-secret").contains("token=***");

    Map<String, String> both = base();
    both.put("user", "svc");
    both.put("password", "p4ss-secret");
    both.put("token", "t0ken-secret");
    assertThatThrownBy(() -> NatsSettings.fromMap(both))
        .message()
        .doesNotContain("t0ken-secret")
        .doesNotContain("p4ss-secret");
    Map<String, String> badUrl = base();
    badUrl.put("url", "http://svc:url-secret@host");
    assertThatThrownBy(() -> NatsSettings.fromMap(badUrl)).message().doesNotContain("url-secret");
  }

  @Test
  void settingsFromCodeAreImmutable() {
    List<String> urls = new java.util.ArrayList<>(List.of("nats://a:1"));
    NatsSettings s =
        NatsSettings.builder().urls(urls).stream("S").subject("s.in").durable("d").build();
    urls.add("nats://b:2");
    assertThat(s.urls()).containsExactly("nats://a:1");
  }
}
