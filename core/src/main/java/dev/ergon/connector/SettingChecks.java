package dev.ergon.connector;

import dev.ergon.ConfigurationException;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Checks and parsers for a connector's settings, for connector authors: each failure is a {@link
 * ConfigurationException} that names the field (or key) and the value, so that every connector's
 * settings fail the same way. The parsers read the text forms of {@code ergon.yaml} and {@code
 * fromMap} factories.
 *
 * <pre>{@code
 * Duration wait = SettingChecks.positive("fetch_wait", SettingChecks.duration("fetch_wait", "500ms"));
 * int port = SettingChecks.between("port", SettingChecks.integer("port", text), 1, 65_535);
 * }</pre>
 */
public final class SettingChecks {
  private SettingChecks() {}

  /**
   * Requires a non-null value.
   *
   * @param path the field
   * @param value the value
   * @param <T> its type
   * @return the value
   * @throws ConfigurationException when it is null
   */
  public static <T> T set(String path, @Nullable T value) {
    if (value == null) {
      throw new ConfigurationException(path, null, "set");
    }
    return value;
  }

  /**
   * Requires a non-blank string.
   *
   * @param path the field
   * @param value the value
   * @return the value
   * @throws ConfigurationException when it is null or blank
   */
  public static String nonBlank(String path, @Nullable String value) {
    if (value == null || value.isBlank()) {
      throw new ConfigurationException(path, value == null ? null : "'" + value + "'", "non-blank");
    }
    return value;
  }

  /**
   * Requires a positive duration.
   *
   * @param path the field
   * @param value the value
   * @return the value
   * @throws ConfigurationException when it is null, zero or negative
   */
  public static Duration positive(String path, @Nullable Duration value) {
    if (value == null || value.isNegative() || value.isZero()) {
      throw new ConfigurationException(path, value, "> 0");
    }
    return value;
  }

  /**
   * Requires an int within bounds.
   *
   * @param path the field
   * @param value the value
   * @param min the least allowed
   * @param max the most allowed
   * @return the value
   * @throws ConfigurationException when it is outside {@code [min, max]}
   */
  public static int between(String path, int value, int min, int max) {
    if (value < min || value > max) {
      throw new ConfigurationException(path, value, "between " + min + " and " + max);
    }
    return value;
  }

  /**
   * Copies a list, requiring it and its elements to be non-null.
   *
   * @param path the field
   * @param value the list
   * @param <T> the element type
   * @return an unmodifiable copy
   * @throws ConfigurationException when it or an element is null
   */
  public static <T> List<T> list(String path, @Nullable List<T> value) {
    try {
      return List.copyOf(set(path, value));
    } catch (NullPointerException e) {
      throw new ConfigurationException(path, value, "free of nulls");
    }
  }

  /**
   * Copies a map, requiring it and its keys and values to be non-null.
   *
   * @param path the field
   * @param value the map
   * @param <V> the value type
   * @return an unmodifiable copy
   * @throws ConfigurationException when it, a key or a value is null
   */
  public static <V> Map<String, V> map(String path, @Nullable Map<String, V> value) {
    try {
      return Map.copyOf(set(path, value));
    } catch (NullPointerException e) {
      throw new ConfigurationException(path, value, "free of null keys and values");
    }
  }

  /**
   * Parses a boolean: {@code true}/{@code yes}/{@code on} or {@code false}/{@code no}/{@code off},
   * in any case.
   *
   * @param key the key, for the error
   * @param v the text
   * @return the value
   * @throws ConfigurationException when it is none of those
   */
  public static boolean bool(String key, String v) {
    return switch (v.trim().toLowerCase(Locale.ROOT)) {
      case "true", "yes", "on" -> true;
      case "false", "no", "off" -> false;
      default -> throw new ConfigurationException(key, "'" + v + "'", "true or false");
    };
  }

  /**
   * Parses an int.
   *
   * @param key the key, for the error
   * @param v the text
   * @return the value
   * @throws ConfigurationException when it is not an int
   */
  public static int integer(String key, String v) {
    try {
      return Integer.parseInt(v.trim());
    } catch (NumberFormatException e) {
      throw new ConfigurationException(key, "'" + v + "'", "an integer");
    }
  }

  /**
   * Parses a long.
   *
   * @param key the key, for the error
   * @param v the text
   * @return the value
   * @throws ConfigurationException when it is not a long
   */
  public static long longInteger(String key, String v) {
    try {
      return Long.parseLong(v.trim());
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
   * @throws ConfigurationException when it is not a duration in one of those forms
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

  /**
   * Parses an enum constant, case-insensitively.
   *
   * @param key the key, for the error
   * @param type the enum
   * @param v the text
   * @param <E> the enum type
   * @return the constant
   * @throws ConfigurationException when no constant has that name; the message lists them
   */
  public static <E extends Enum<E>> E oneOf(String key, Class<E> type, String v) {
    for (E e : type.getEnumConstants()) {
      if (e.name().equalsIgnoreCase(v.trim())) {
        return e;
      }
    }
    throw new ConfigurationException(
        key,
        "'" + v + "'",
        "one of "
            + Arrays.stream(type.getEnumConstants())
                .map(c -> c.name().toLowerCase(Locale.ROOT))
                .toList());
  }
}
