package dev.ergon.connector.kafka.internal;

import dev.ergon.connector.kafka.KafkaSettings;
import java.util.Properties;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.jspecify.annotations.Nullable;

/** The client properties of the consumer, producer and admin client built from the settings. */
public final class ClientProperties {
  private static final int LINGER_MS = 5;

  private ClientProperties() {}

  /**
   * The group consumer: manual commits, byte arrays, cooperative-sticky assignment (classic group
   * protocol) unless the raw properties choose another or {@code group.protocol=consumer}.
   *
   * @param s the settings
   * @param group the group id, or null for a group-less reader
   * @param suffix appended to the client id
   * @return the properties
   */
  public static Properties consumer(KafkaSettings s, @Nullable String group, String suffix) {
    Properties p = common(s, suffix);
    if (!"consumer".equalsIgnoreCase(s.properties().get(ConsumerConfig.GROUP_PROTOCOL_CONFIG))) {
      // the classic protocol's client-side assignor; the consumer protocol assigns on the broker
      p.put(
          ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG,
          CooperativeStickyAssignor.class.getName());
    }
    p.put(
        ConsumerConfig.MAX_POLL_RECORDS_CONFIG,
        String.valueOf(Math.max(1, Math.min(500, s.maxInFlight() / 2))));
    p.putAll(s.properties());
    if (group != null) {
      p.put(ConsumerConfig.GROUP_ID_CONFIG, group);
    }
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, s.autoOffsetReset());
    p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    return p;
  }

  /**
   * The producer: idempotent, {@code acks=all}, delivery bounded by the settle timeout.
   *
   * @param s the settings
   * @return the properties
   */
  public static Properties producer(KafkaSettings s) {
    Properties p = common(s, "-producer");
    long settle = s.settleTimeout().toMillis();
    p.put(ProducerConfig.LINGER_MS_CONFIG, String.valueOf(LINGER_MS));
    p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, String.valueOf(settle));
    p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, String.valueOf(settle - LINGER_MS));
    p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, String.valueOf(settle));
    p.putAll(s.properties());
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    return p;
  }

  /**
   * The admin client.
   *
   * @param s the settings
   * @return the properties
   */
  public static Properties admin(KafkaSettings s) {
    Properties p = common(s, "-admin");
    p.putAll(s.properties());
    return p;
  }

  private static Properties common(KafkaSettings s, String suffix) {
    Properties p = new Properties();
    p.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, String.join(",", s.bootstrapServers()));
    p.put(CommonClientConfigs.CLIENT_ID_CONFIG, s.clientId() + suffix);
    String protocol = s.securityProtocol();
    if (s.saslUsername() != null) {
      String mechanism = s.saslMechanism() != null ? s.saslMechanism() : "PLAIN";
      p.put(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, protocol != null ? protocol : "SASL_SSL");
      p.put(SaslConfigs.SASL_MECHANISM, mechanism);
      String module =
          mechanism.equals("PLAIN")
              ? "org.apache.kafka.common.security.plain.PlainLoginModule"
              : "org.apache.kafka.common.security.scram.ScramLoginModule";
      p.put(
          SaslConfigs.SASL_JAAS_CONFIG,
          module
              + " required username=\""
              + s.saslUsername()
              + "\" password=\""
              + s.saslPassword()
              + "\";");
    } else if (protocol != null) {
      p.put(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, protocol);
    }
    return p;
  }
}
