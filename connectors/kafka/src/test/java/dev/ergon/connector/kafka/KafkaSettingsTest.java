package dev.ergon.connector.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ergon.ConfigurationException;
import dev.ergon.connector.kafka.internal.ClientProperties;
import dev.ergon.transaction.Transaction;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Settings from code and from strings: defaults, validation naming key and value, no leaks. */
class KafkaSettingsTest {
  private static final String SECRET = "s3cr3t-Pa55";

  private static Map<String, String> base() {
    Map<String, String> m = new HashMap<>();
    m.put("bootstrap_servers", "kafka-1:9092,kafka-2:9092");
    m.put("group", "order-workers");
    m.put("topics", "orders");
    return m;
  }

  @Test
  void defaultsAreTheDocumentedOnes() {
    KafkaSettings s = KafkaSettings.fromMap(base());
    assertThat(s.bootstrapServers()).containsExactly("kafka-1:9092", "kafka-2:9092");
    assertThat(s.ordering()).isEqualTo(KafkaOrdering.KEY);
    assertThat(s.commitInterval()).isEqualTo(Duration.ofSeconds(1));
    assertThat(s.maxInFlight()).isEqualTo(1000);
    assertThat(s.settleTimeout()).isEqualTo(Duration.ofSeconds(10));
    assertThat(s.fetchWait()).isEqualTo(Duration.ofMillis(200));
    assertThat(s.autoOffsetReset()).isEqualTo("earliest");
    assertThat(s.effectiveProduceTopic()).isEqualTo("orders");
    assertThat(s.deadLetterTopicFor("orders")).isEqualTo("orders.dlt");
  }

  @Test
  void everyKeyIsRead() {
    Map<String, String> m = base();
    m.remove("topics");
    m.put("topic_pattern", "orders-.*");
    m.put("produce_topic", "orders-out");
    m.put("ordering", "Partition");
    m.put("commit_interval", "250ms");
    m.put("max_in_flight", "64");
    m.put("dead_letter_topic", "dead-orders");
    m.put("settle_timeout", "PT3S");
    m.put("fetch_wait", "1s");
    m.put("client_id", "orders-in");
    m.put("auto_offset_reset", "latest");
    m.put("security_protocol", "sasl_ssl");
    m.put("sasl_mechanism", "scram-sha-512");
    m.put("sasl_username", "orders");
    m.put("sasl_password", SECRET);
    m.put("properties.fetch.max.wait.ms", "100");
    m.put("properties.ssl.truststore.location", "/etc/kafka/truststore.jks");
    KafkaSettings s = KafkaSettings.fromMap(m);
    assertThat(s.topicPattern()).isEqualTo("orders-.*");
    assertThat(s.effectiveProduceTopic()).isEqualTo("orders-out");
    assertThat(s.ordering()).isEqualTo(KafkaOrdering.PARTITION);
    assertThat(s.commitInterval()).isEqualTo(Duration.ofMillis(250));
    assertThat(s.maxInFlight()).isEqualTo(64);
    assertThat(s.deadLetterTopicFor("orders-1")).isEqualTo("dead-orders");
    assertThat(s.settleTimeout()).isEqualTo(Duration.ofSeconds(3));
    assertThat(s.fetchWait()).isEqualTo(Duration.ofSeconds(1));
    assertThat(s.clientId()).isEqualTo("orders-in");
    assertThat(s.autoOffsetReset()).isEqualTo("latest");
    assertThat(s.properties())
        .containsEntry("fetch.max.wait.ms", "100")
        .containsEntry("ssl.truststore.location", "/etc/kafka/truststore.jks");
    Properties consumer = ClientProperties.consumer(s, s.group(), "-consumer");
    assertThat(consumer)
        .containsEntry("security.protocol", "SASL_SSL")
        .containsEntry("sasl.mechanism", "SCRAM-SHA-512")
        .containsEntry("enable.auto.commit", "false")
        .containsEntry("group.id", "order-workers")
        .containsEntry("fetch.max.wait.ms", "100")
        .containsEntry("max.poll.records", "32");
    assertThat((String) consumer.get("sasl.jaas.config"))
        .contains("ScramLoginModule")
        .contains(SECRET);
    Properties producer = ClientProperties.producer(s);
    assertThat(producer).containsEntry("enable.idempotence", "true").containsEntry("acks", "all");
  }

  @Test
  void unknownKeysAreRefusedNamingThem() {
    Map<String, String> m = base();
    m.put("topicz", "x");
    m.put("propertiesfoo", "y");
    assertThatThrownBy(() -> KafkaSettings.fromMap(m))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("[propertiesfoo, topicz]")
        .hasMessageContaining("bootstrap_servers");
  }

  @Test
  void wrongValuesFailNamingTheKeyAndTheValue() {
    assertFails("bootstrap_servers", "kafka-1", "bootstrap_servers", "'kafka-1'");
    assertFails("topics", "bad topic", "topics", "'bad topic'");
    assertFails("ordering", "random", "ordering", "'random'");
    assertFails("commit_interval", "soon", "commit_interval", "'soon'");
    assertFails("max_in_flight", "0", "max_in_flight", "0");
    assertFails("fetch_wait", "5s", "fetch_wait", "PT5S");
    assertFails("settle_timeout", "500ms", "settle_timeout", "PT0.5S");
    assertFails("auto_offset_reset", "middle", "auto_offset_reset", "'middle'");
    assertFails("dead_letter_topic", "orders", "dead_letter_topic", "'orders'");
    assertFails("topic_pattern", "(", "topic_pattern", "'('");
    assertFails("properties.enable.auto.commit", "true", "properties.enable.auto.commit", "unset");
    assertFails("properties.sasl.jaas.config", SECRET, "properties.sasl.jaas.config", "(hidden)");
    Map<String, String> noTopics = base();
    noTopics.remove("topics");
    assertThatThrownBy(() -> KafkaSettings.fromMap(noTopics)).hasMessageContaining("topics");
    Map<String, String> both = base();
    both.put("topic_pattern", "o.*");
    assertThatThrownBy(() -> KafkaSettings.fromMap(both)).hasMessageContaining("topic_pattern");
  }

  private static void assertFails(String key, String value, String named, String shown) {
    Map<String, String> m = base();
    m.put(key, value);
    assertThatThrownBy(() -> KafkaSettings.fromMap(m))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining(named)
        .hasMessageContaining(shown)
        .hasMessageNotContaining(SECRET);
  }

  @Test
  void theSaslPasswordAndSecretPropertiesNeverShow() throws Exception {
    Map<String, String> m = base();
    m.put("bootstrap_servers", "127.0.0.1:1");
    m.put("security_protocol", "SASL_PLAINTEXT");
    m.put("sasl_username", "orders");
    m.put("sasl_password", SECRET);
    m.put("settle_timeout", "1s");
    m.put("properties.ssl.key.password", SECRET + "-key");
    m.put("properties.ssl.truststore.password", SECRET + "-trust");
    KafkaSettings s = KafkaSettings.fromMap(m);
    assertThat(s.toString())
        .doesNotContain(SECRET)
        .contains("saslPassword=***")
        .contains("ssl.key.password=***")
        .contains("saslUsername=orders");

    Map<String, String> badUser = new HashMap<>(m);
    badUser.remove("sasl_password");
    assertThatThrownBy(() -> KafkaSettings.fromMap(badUser))
        .hasMessageContaining("sasl_password")
        .hasMessageNotContaining(SECRET);
    Map<String, String> quote = new HashMap<>(m);
    quote.put("sasl_password", SECRET + "\"");
    assertThatThrownBy(() -> KafkaSettings.fromMap(quote))
        .hasMessageContaining("sasl_password")
        .hasMessageContaining("(hidden)")
        .hasMessageNotContaining(SECRET);

    try (KafkaConnector c = new KafkaConnector(s)) {
      assertThat(c.toString()).doesNotContain(SECRET);
      assertThat(c.health().toString()).doesNotContain(SECRET);
      assertThatThrownBy(
              () -> c.dispatchTransactions(List.of(Transaction.of("t-1", Map.of("n", 1)))))
          .isInstanceOf(KafkaConnectorException.class)
          .hasMessageContaining("t-1")
          .satisfies(e -> assertThat(String.valueOf(e)).doesNotContain(SECRET))
          .satisfies(e -> assertThat(String.valueOf(e.getCause())).doesNotContain(SECRET));
    }
  }

  @Test
  void noLogLineOfTheClientsOrTheConnectorShowsTheSaslPassword() throws Exception {
    String java = ProcessHandle.current().info().command().orElse("java");
    Process p =
        new ProcessBuilder(
                java,
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=debug",
                "-cp",
                System.getProperty("java.class.path"),
                SecretProbe.class.getName(),
                SECRET)
            .redirectErrorStream(true)
            .start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(out).contains("probe done").contains("dispatch failed").contains("fetch failed");
    assertThat(out)
        .as("the clients log their configuration")
        .contains("sasl.jaas.config = [hidden]");
    assertThat(out).doesNotContain(SECRET);
  }

  @Test
  void aDispatchOnlyConnectorNeedsNoGroupButCannotFetch() {
    KafkaSettings s = KafkaSettings.builder().produceTopic("out").build();
    try (KafkaConnector c = new KafkaConnector(s)) {
      assertThatThrownBy(() -> c.fetchTransactions(1))
          .isInstanceOf(ConfigurationException.class)
          .hasMessageContaining("group");
    }
    assertThatThrownBy(
            () -> KafkaSettings.builder().topics("a", "b").build().effectiveProduceTopic())
        .hasMessageContaining("produce_topic");
  }
}
