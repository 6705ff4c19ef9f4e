package dev.ergon.policy;

import org.jspecify.annotations.Nullable;

/**
 * What automatic settlement does with a transaction whose exception handler itself failed (key
 * {@code settlement.on_unhandled}).
 */
public enum UnhandledAction {
  /**
   * Dead-letter it, the default; falls back to {@link #RELEASE} when the connector cannot
   * dead-letter.
   */
  DEAD_LETTER,
  /** Release it for redelivery. */
  RELEASE;

  /**
   * Reads a configuration value: trimmed and case-insensitive, {@code -} read as {@code _}; {@code
   * null}, blank, {@code "none"} and {@code "null"} mean {@link #DEAD_LETTER}.
   *
   * @param value the configured text, or {@code null}
   * @return the action
   * @throws dev.ergon.ConfigurationException naming {@code settlement.on_unhandled} and the value
   *     when it is neither {@code dead_letter} nor {@code release}
   */
  public static UnhandledAction parse(@Nullable String value) {
    return Keys.parse(UnhandledAction.class, value, DEAD_LETTER, "settlement.on_unhandled");
  }
}
