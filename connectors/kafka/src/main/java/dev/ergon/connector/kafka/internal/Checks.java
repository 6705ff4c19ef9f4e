package dev.ergon.connector.kafka.internal;

import dev.ergon.ConfigurationException;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/** Validation and parsing helpers for the Kafka settings; messages name the key and the value. */
public final class Checks {
  private static final Pattern TOPIC = Pattern.compile("[A-Za-z0-9._-]{1,249}");
  private static final Pattern SENSITIVE =
      Pattern.compile("(?i).*(password|secret|jaas|token|credential|\\.key$|keystore\\.key).*");

  private Checks() {}

  /**
   * Requires a value.
   *
   * @param <T> its type
   * @param path the key
   * @param value the value
   * @return the value
   */
  public static <T> T set(String path, @Nullable T value) {
    if (value == null) {
      throw new ConfigurationException(path, null, "set");
    }
    return value;
  }

  /**
   * Requires a positive duration.
   *
   * @param path the key
   * @param value the value
   * @return the value
   */
  public static Duration positive(String path, @Nullable Duration value) {
    if (value == null || value.isNegative() || value.isZero()) {
      throw new ConfigurationException(path, value, "> 0");
    }
    return value;
  }

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

  /**
   * Parses a boolean.
   *
   * @param key the key
   * @param v the text
   * @return the value
   */
  public static boolean bool(String key, String v) {
    return switch (v.toLowerCase(Locale.ROOT)) {
      case "true", "yes", "on" -> true;
      case "false", "no", "off" -> false;
      default -> throw new ConfigurationException(key, "'" + v + "'", "true or false");
    };
  }

  /**
   * Parses an integer.
   *
   * @param key the key
   * @param v the text
   * @return the value
   */
  public static int integer(String key, String v) {
    try {
      return Integer.parseInt(v);
    } catch (NumberFormatException e) {
      throw new ConfigurationException(key, "'" + v + "'", "an integer");
    }
  }

  /**
   * Parses {@code PT30S}, {@code 500ms}, {@code 30s}, {@code 2m} or {@code 1h}.
   *
   * @param key the key, for the error
   * @param v the text
   * @return the duration
   */
  public static Duration duration(String key, String v) {
    String t = v.trim().toLowerCase(Locale.ROOT);
    try {
      if (t.startsWith("p")) {
        return Duration.parse(v.trim());
      }
      if (t.endsWith("ms")) {
        return Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2).trim()));
      }
      long n = Long.parseLong(t.substring(0, t.length() - 1).trim());
      return switch (t.charAt(t.length() - 1)) {
        case 's' -> Duration.ofSeconds(n);
        case 'm' -> Duration.ofMinutes(n);
        case 'h' -> Duration.ofHours(n);
        default -> throw new NumberFormatException(t);
      };
    } catch (NumberFormatException | DateTimeParseException | StringIndexOutOfBoundsException e) {
      throw new ConfigurationException(
          key, "'" + v + "'", "a duration such as 500ms, 30s, 2m or PT30S");
    }
  }
}
