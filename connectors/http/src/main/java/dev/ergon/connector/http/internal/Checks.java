package dev.ergon.connector.http.internal;

import com.fasterxml.jackson.core.JsonPointer;
import dev.ergon.ConfigurationException;
import dev.ergon.connector.SettingChecks;
import org.jspecify.annotations.Nullable;

/** Validation of configuration fields, with messages that name the field and the value. */
public final class Checks {
  private Checks() {}

  /**
   * Requires a valid JSON pointer (RFC 6901): empty, or starting with {@code /}.
   *
   * @param key the key, for the error
   * @param value the pointer text
   * @return the text
   */
  public static String pointer(String key, @Nullable String value) {
    SettingChecks.set(key, value);
    try {
      JsonPointer.compile(value);
      return value;
    } catch (IllegalArgumentException e) {
      throw new ConfigurationException(
          key, "'" + value + "'", "a JSON pointer (RFC 6901) such as /data/items, or empty");
    }
  }
}
