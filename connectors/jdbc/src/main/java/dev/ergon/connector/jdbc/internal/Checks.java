package dev.ergon.connector.jdbc.internal;

import dev.ergon.ConfigurationException;
import java.time.Duration;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/** The field checks of {@code JdbcQueueConfig}; each error names the field and the value. */
public final class Checks {
  private static final Pattern IDENTIFIER = Pattern.compile("[a-z_][a-z0-9_]{0,47}");
  private static final Pattern PASSWORD_PARAM = Pattern.compile("(?i)(password|pwd)=[^&;]*");

  private Checks() {}

  /**
   * Checks a table name: a lowercase SQL identifier short enough for its index names.
   *
   * @param value the name
   * @return the name
   */
  public static String table(@Nullable String value) {
    if (value == null || !IDENTIFIER.matcher(value).matches()) {
      throw new ConfigurationException(
          "table",
          value == null ? null : "'" + value + "'",
          "a lowercase SQL identifier matching [a-z_][a-z0-9_]{0,47}");
    }
    return value;
  }

  /**
   * Checks a JDBC URL: PostgreSQL or SQLite.
   *
   * @param value the URL
   * @return the URL
   */
  public static String url(@Nullable String value) {
    if (value == null || Dialect.fromUrl(value) == null) {
      throw new ConfigurationException(
          "url",
          value == null ? null : "'" + redact(value) + "'",
          "a jdbc:postgresql: or jdbc:sqlite: URL");
    }
    return value;
  }

  /**
   * Checks that a duration is at least {@code min}.
   *
   * @param field the field name
   * @param value the duration
   * @param min the least allowed value
   * @return the duration
   */
  public static Duration atLeast(String field, @Nullable Duration value, Duration min) {
    if (value == null || value.compareTo(min) < 0) {
      throw new ConfigurationException(field, value, ">= " + min);
    }
    return value;
  }

  /**
   * Checks that a duration lies in {@code [min, max]}.
   *
   * @param field the field name
   * @param value the duration
   * @param min the least allowed value
   * @param max the greatest allowed value
   * @return the duration
   */
  public static Duration between(
      String field, @Nullable Duration value, Duration min, Duration max) {
    if (value == null || value.compareTo(min) < 0 || value.compareTo(max) > 0) {
      throw new ConfigurationException(field, value, "between " + min + " and " + max);
    }
    return value;
  }

  /**
   * Checks that a count is at least {@code min}.
   *
   * @param field the field name
   * @param value the count
   * @param min the least allowed value
   * @return the count
   */
  public static int atLeast(String field, int value, int min) {
    if (value < min) {
      throw new ConfigurationException(field, value, ">= " + min);
    }
    return value;
  }

  /**
   * A JDBC URL with any password parameter masked, for messages and logs.
   *
   * @param url the URL
   * @return the URL without its password
   */
  public static String redact(String url) {
    return PASSWORD_PARAM.matcher(url).replaceAll("$1=***");
  }
}
