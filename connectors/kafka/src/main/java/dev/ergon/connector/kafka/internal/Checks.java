package dev.ergon.connector.kafka.internal;

import dev.ergon.ConfigurationException;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/** Validation and parsing helpers for the Kafka settings; messages name the key and the value. */
public final class Checks {
  private static final Pattern TOPIC = Pattern.compile("[A-Za-z0-9._-]{1,249}");
  private static final Pattern SENSITIVE =
      Pattern.compile("(?i).*(password|secret|jaas|token|credential|\\.key$|keystore\\.key).*");

  private Checks() {}

  /**
   * Requires a valid Kafka topic name.
   *
   * @param path the key
   * @param topic the name
   * @return the name
   */
  public static String topic(String path, @Nullable String topic) {
    if (topic == null
        || !TOPIC.matcher(topic).matches()
        || topic.equals(".")
        || topic.equals("..")) {
      throw new ConfigurationException(
          path,
          topic == null ? null : "'" + topic + "'",
          "a topic name of 1 to 249 letters, digits, '.', '_' and '-'");
    }
    return topic;
  }

  /**
   * Whether a client property holds a secret (passwords, JAAS configurations, keys, tokens).
   *
   * @param key the property name
   * @return true when its value must never be shown
   */
  public static boolean sensitive(String key) {
    return SENSITIVE.matcher(key).matches();
  }
}
