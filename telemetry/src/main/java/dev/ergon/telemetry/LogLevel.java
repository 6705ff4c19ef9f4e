package dev.ergon.telemetry;

import dev.ergon.ConfigurationException;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** A logging threshold, for the root logger or a named logger. */
public enum LogLevel {
  /** Everything. */
  TRACE,
  /** Debugging detail and above. */
  DEBUG,
  /** Normal operation and above (the default). */
  INFO,
  /** Warnings and errors. */
  WARN,
  /** Errors only. */
  ERROR,
  /** Nothing. */
  OFF;

  /**
   * Parses a level name, case-insensitively; {@code WARNING} and {@code CRITICAL} (the names of the
   * original's Python levels) are accepted as {@code WARN} and {@code ERROR}.
   *
   * @param name the level's name, e.g. {@code "info"}
   * @return the level
   * @throws ConfigurationException when the name is no level
   */
  public static LogLevel parse(String name) {
    String n = name.strip().toUpperCase(Locale.ROOT);
    return switch (n) {
      case "WARNING" -> WARN;
      case "CRITICAL", "FATAL" -> ERROR;
      default -> {
        try {
          yield valueOf(n);
        } catch (IllegalArgumentException e) {
          String names =
              Arrays.stream(values()).map(LogLevel::name).collect(Collectors.joining(", "));
          throw new ConfigurationException("level", name, "one of " + names);
        }
      }
    };
  }
}
