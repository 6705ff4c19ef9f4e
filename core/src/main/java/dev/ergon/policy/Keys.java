package dev.ergon.policy;

import dev.ergon.ConfigurationException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/** The field checks and key-path handling shared by the policy records. */
final class Keys {

  private Keys() {}

  /**
   * Builds a nested value, placing the path of any configuration error under {@code parent}.
   *
   * @param parent the key of the enclosing field ({@code loop})
   * @param build builds the nested value
   * @return the value built
   */
  static <T> T under(String parent, Supplier<T> build) {
    try {
      return build.get();
    } catch (ConfigurationException e) {
      throw e.under(parent);
    }
  }

  static <T> T set(String path, @Nullable T value) {
    if (value == null) {
      throw new ConfigurationException(path, null, "set");
    }
    return value;
  }

  static String nonBlank(String path, @Nullable String value) {
    if (value == null || value.isBlank()) {
      throw new ConfigurationException(path, value, "non-blank");
    }
    return value;
  }

  static Duration nonNegative(String path, @Nullable Duration value) {
    if (value == null || value.isNegative()) {
      throw new ConfigurationException(path, value, ">= 0");
    }
    return value;
  }

  static @Nullable Duration positiveOrAbsent(
      String path, @Nullable Duration value, String absentMeaning) {
    if (value != null && !value.isPositive()) {
      throw new ConfigurationException(path, value, "> 0 (or absent for " + absentMeaning + ")");
    }
    return value;
  }

  static double multiplier(String path, double value) {
    if (!(value >= 0) || Double.isInfinite(value)) {
      throw new ConfigurationException(path, value, ">= 0");
    }
    return value;
  }

  static int atLeastOne(String path, int value) {
    if (value < 1) {
      throw new ConfigurationException(path, value, ">= 1");
    }
    return value;
  }

  static @Nullable Long limit(String path, @Nullable Long value) {
    if (value != null && value < 0) {
      throw new ConfigurationException(path, value, ">= 0 (or absent for no limit)");
    }
    return value;
  }

  /**
   * Parses a configuration string into an enum constant: trimmed, case-insensitive, {@code -} read
   * as {@code _}; {@code null}, blank, {@code "none"} and {@code "null"} give the fallback.
   */
  static <E extends Enum<E>> E parse(Class<E> type, @Nullable String raw, E fallback, String path) {
    String text = raw == null ? "" : raw.strip().toLowerCase(Locale.ROOT).replace('-', '_');
    if (text.isEmpty() || text.equals("none") || text.equals("null")) {
      return fallback;
    }
    for (E constant : type.getEnumConstants()) {
      if (constant.name().toLowerCase(Locale.ROOT).equals(text)) {
        return constant;
      }
    }
    throw new ConfigurationException(path, raw, choices(type));
  }

  private static <E extends Enum<E>> String choices(Class<E> type) {
    String[] names =
        Arrays.stream(type.getEnumConstants())
            .map(c -> c.name().toLowerCase(Locale.ROOT))
            .toArray(String[]::new);
    if (names.length == 1) {
      return names[0];
    }
    return Arrays.stream(names, 0, names.length - 1).collect(Collectors.joining(", "))
        + " or "
        + names[names.length - 1];
  }
}
