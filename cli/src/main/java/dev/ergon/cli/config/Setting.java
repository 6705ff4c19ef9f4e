package dev.ergon.cli.config;

import dev.ergon.ConfigurationException;
import dev.ergon.cli.internal.Printable;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * One configured value, the key path it sits at and where it came from.
 *
 * @param path the key's segments ({@code tasks}, the task name, {@code policies}, …)
 * @param value a YAML scalar (String, Integer, Long, Double, Boolean), a list, an empty map, or
 *     {@code null}; always a String from properties and environment variables
 * @param origin the kind of source, which decides how names in the path are matched
 * @param source the source, for messages: {@code file /app/ergon.yaml}, {@code system property
 *     ergon.tasks.…}, {@code environment variable ERGON_TASKS__…}
 */
record Setting(List<String> path, @Nullable Object value, Origin origin, String source) {

  /** The kinds of source, from the lowest precedence to the highest. */
  enum Origin {
    /** The YAML file: names match exactly. */
    FILE,
    /** A system property: names match exactly, and may contain dots. */
    PROPERTY,
    /** An environment variable: names match ignoring case, with {@code -} and {@code .} as _. */
    ENVIRONMENT
  }

  Setting {
    path = List.copyOf(path);
  }

  /**
   * The full key, dot-separated.
   *
   * @return e.g. {@code tasks.orders.policies.consumer.loop.concurrency.value}
   */
  String key() {
    return String.join(".", path);
  }

  /**
   * The key below the first {@code from} segments.
   *
   * @param from how many segments to skip
   * @return the rest, dot-separated
   */
  String keyFrom(int from) {
    return String.join(".", path.subList(from, path.size()));
  }

  Setting withPath(List<String> newPath) {
    return new Setting(newPath, value, origin, source);
  }

  /** The value as it appears in messages: strings quoted, an empty map as {}. */
  String shownValue() {
    if (value instanceof String s) {
      return "'" + s + "'";
    }
    if (value instanceof Map<?, ?> m && m.isEmpty()) {
      return "{}";
    }
    return String.valueOf(value);
  }

  /** An error saying the value does not meet a requirement. */
  ConfigurationException invalid(String requirement) {
    return new ConfigurationException(
        printable(
            key() + " must be " + requirement + " but was " + shownValue() + " (" + source + ")"));
  }

  /** An error about this key, with a free-form explanation. */
  ConfigurationException problem(String explanation) {
    return new ConfigurationException(printable(key() + " (" + source + "): " + explanation));
  }

  /** Escapes text for a one-line problem; see {@link Printable#of}. */
  static String printable(String text) {
    return Printable.of(text);
  }

  /** An error from a core record's validation, re-stated with the full key and the source. */
  ConfigurationException rejected(ConfigurationException cause) {
    ConfigurationException e =
        new ConfigurationException(
            printable(key() + " = " + shownValue() + " (" + source + "): " + cause.getMessage()));
    e.initCause(cause);
    return e;
  }
}
