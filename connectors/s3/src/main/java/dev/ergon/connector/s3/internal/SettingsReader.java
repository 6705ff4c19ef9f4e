package dev.ergon.connector.s3.internal;

import dev.ergon.ConfigurationException;
import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** Reads typed values out of string settings; every error names the key and the value. */
public final class SettingsReader {
  private final Map<String, String> settings;

  /**
   * A reader over the settings.
   *
   * @param settings the string settings
   */
  public SettingsReader(Map<String, String> settings) {
    this.settings = settings;
  }

  /**
   * A text setting.
   *
   * @param key the key
   * @return its value, when set
   */
  public Optional<String> text(String key) {
    return Optional.ofNullable(settings.get(key));
  }

  /**
   * A URI setting.
   *
   * @param key the key
   * @return its value, when set
   */
  public Optional<URI> uri(String key) {
    return text(key)
        .map(
            v -> {
              try {
                return new URI(v.trim());
              } catch (java.net.URISyntaxException e) {
                throw new ConfigurationException(key, v, "a URI such as http://127.0.0.1:9000");
              }
            });
  }

  /**
   * A boolean setting ({@code true} or {@code false}).
   *
   * @param key the key
   * @return its value, when set
   */
  public Optional<Boolean> bool(String key) {
    return text(key)
        .map(
            v ->
                switch (v.trim().toLowerCase(Locale.ROOT)) {
                  case "true" -> true;
                  case "false" -> false;
                  default -> throw new ConfigurationException(key, v, "true or false");
                });
  }

  /**
   * A whole-number setting.
   *
   * @param key the key
   * @return its value, when set
   */
  public Optional<Long> number(String key) {
    return text(key)
        .map(
            v -> {
              try {
                return Long.parseLong(v.trim());
              } catch (NumberFormatException e) {
                throw new ConfigurationException(key, v, "a whole number");
              }
            });
  }

  /**
   * An enum setting, by constant name, case-insensitive.
   *
   * @param key the key
   * @param type the enum
   * @param <E> the enum
   * @return its value, when set
   */
  public <E extends Enum<E>> Optional<E> choice(String key, Class<E> type) {
    return text(key)
        .map(
            v -> {
              for (E e : type.getEnumConstants()) {
                if (e.name().equalsIgnoreCase(v.trim())) {
                  return e;
                }
              }
              throw new ConfigurationException(
                  key, v, "one of " + java.util.Arrays.toString(type.getEnumConstants()));
            });
  }

  /**
   * A duration setting: {@code 500ms}, {@code 2s}, {@code 1m}, {@code 1h} or ISO-8601.
   *
   * @param key the key
   * @return its value, when set
   */
  public Optional<Duration> duration(String key) {
    return text(key).map(v -> parseDuration(key, v));
  }

  private static Duration parseDuration(String key, String value) {
    String v = value.trim();
    try {
      if (v.endsWith("ms")) {
        return Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2).trim()));
      }
      if (v.endsWith("s") && !v.startsWith("P")) {
        return Duration.ofSeconds(Long.parseLong(v.substring(0, v.length() - 1).trim()));
      }
      if (v.endsWith("m") && !v.startsWith("P")) {
        return Duration.ofMinutes(Long.parseLong(v.substring(0, v.length() - 1).trim()));
      }
      if (v.endsWith("h") && !v.startsWith("P")) {
        return Duration.ofHours(Long.parseLong(v.substring(0, v.length() - 1).trim()));
      }
      return Duration.parse(v);
    } catch (RuntimeException e) {
      throw new ConfigurationException(key, value, "a duration such as 500ms, 2s, 1m or PT2S");
    }
  }
}
