package dev.ergon.policy;

import org.jspecify.annotations.Nullable;

/**
 * Who settles (acknowledges, releases, dead-letters) a transaction (key {@code settlement.mode}).
 */
public enum SettlementMode {
  /**
   * The engine settles, the default: it acknowledges after a completed lifecycle and applies {@link
   * SettlementPolicy#onUnhandled()} when the exception handler itself fails.
   */
  AUTO,
  /** User code settles each transaction; the engine never acknowledges on its own. */
  MANUAL;

  /**
   * Reads a configuration value: trimmed and case-insensitive; {@code null}, blank, {@code "none"}
   * and {@code "null"} mean {@link #AUTO}.
   *
   * @param value the configured text, or {@code null}
   * @return the mode
   * @throws dev.ergon.ConfigurationException naming {@code settlement.mode} and the value when it
   *     is neither {@code auto} nor {@code manual}
   */
  public static SettlementMode parse(@Nullable String value) {
    return Keys.parse(SettlementMode.class, value, AUTO, "settlement.mode");
  }
}
