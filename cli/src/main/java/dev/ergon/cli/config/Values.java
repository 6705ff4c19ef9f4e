package dev.ergon.cli.config;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Converts configured values (YAML scalars or strings from properties and the environment) to typed
 * values; every error names the key, the value and the source.
 */
final class Values {
  private static final Set<String> TRUE = Set.of("true", "yes", "on", "1");
  private static final Set<String> FALSE = Set.of("false", "no", "off", "0");
  private static final Set<String> ABSENT = Set.of("", "none", "null");

  private Values() {}

  /** Whether the value means "not set": {@code null}, blank, {@code none} or {@code null}. */
  static boolean absent(Setting s) {
    Object v = s.value();
    return v == null
        || (v instanceof String t && ABSENT.contains(t.strip().toLowerCase(Locale.ROOT)));
  }

  static int integer(Setting s) {
    long v = longValue(s);
    if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
      throw s.invalid("an integer");
    }
    return (int) v;
  }

  static long longValue(Setting s) {
    Object v = scalar(s, "an integer");
    if (v instanceof Integer || v instanceof Long) {
      return ((Number) v).longValue();
    }
    if (v instanceof String t) {
      try {
        return Long.parseLong(t.strip());
      } catch (NumberFormatException e) {
        throw s.invalid("an integer");
      }
    }
    throw s.invalid("an integer");
  }

  static @Nullable Long optionalLong(Setting s) {
    return absent(s) ? null : longValue(s);
  }

  static double number(Setting s) {
    Object v = scalar(s, "a number");
    if (v instanceof Number n && !(v instanceof Float)) {
      return n.doubleValue();
    }
    if (v instanceof String t) {
      try {
        double d = Double.parseDouble(t.strip());
        if (!Double.isNaN(d) && !Double.isInfinite(d)) {
          return d;
        }
      } catch (NumberFormatException e) {
        // reported below
      }
    }
    throw s.invalid("a number");
  }

  /**
   * A boolean: {@code true/false}, {@code yes/no}, {@code on/off} or {@code 1/0}, case-insensitive.
   * Anything else is an error (the original read any other string as false).
   */
  static boolean bool(Setting s) {
    Object v = scalar(s, "a boolean");
    if (v instanceof Boolean b) {
      return b;
    }
    String t = String.valueOf(v).strip().toLowerCase(Locale.ROOT);
    if (TRUE.contains(t)) {
      return true;
    }
    if (FALSE.contains(t)) {
      return false;
    }
    throw s.invalid("true/false, yes/no, on/off or 1/0");
  }

  static Duration duration(Setting s) {
    Object v = scalar(s, "a duration");
    String requirement = "a duration (1s, 500ms, 2m, PT1S or a number of seconds)";
    if (v instanceof Integer || v instanceof Long || v instanceof Double) {
      return Durations.ofSeconds(((Number) v).doubleValue())
          .orElseThrow(() -> s.invalid(requirement));
    }
    if (v instanceof String t) {
      return Durations.parse(t).orElseThrow(() -> s.invalid(requirement));
    }
    throw s.invalid(requirement);
  }

  static @Nullable Duration optionalDuration(Setting s) {
    return absent(s) ? null : duration(s);
  }

  static String string(Setting s) {
    Object v = scalar(s, "a string");
    if (v instanceof Boolean || v instanceof Number || v instanceof String) {
      return String.valueOf(v).strip();
    }
    throw s.invalid("a string");
  }

  static @Nullable String optionalString(Setting s) {
    return absent(s) ? null : string(s);
  }

  private static Object scalar(Setting s, String requirement) {
    Object v = s.value();
    if (v == null) {
      throw s.invalid(requirement + ", set");
    }
    if (v instanceof Map<?, ?> || v instanceof Iterable<?>) {
      throw s.invalid(requirement + ", not a mapping or list");
    }
    return v;
  }
}
