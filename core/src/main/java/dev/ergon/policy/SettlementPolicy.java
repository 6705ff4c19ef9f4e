package dev.ergon.policy;

/**
 * How fetched transactions are settled (configuration key {@code settlement}; fields {@code mode},
 * {@code on_unhandled}).
 *
 * @param mode who settles (default {@link SettlementMode#AUTO})
 * @param onUnhandled what automatic settlement does when the exception handler itself fails
 *     (default {@link UnhandledAction#DEAD_LETTER})
 */
public record SettlementPolicy(SettlementMode mode, UnhandledAction onUnhandled) {

  /** Default {@code mode}. */
  public static final SettlementMode DEFAULT_MODE = SettlementMode.AUTO;

  /** Default {@code on_unhandled}. */
  public static final UnhandledAction DEFAULT_ON_UNHANDLED = UnhandledAction.DEAD_LETTER;

  private static final SettlementPolicy DEFAULTS =
      new SettlementPolicy(DEFAULT_MODE, DEFAULT_ON_UNHANDLED);

  /** Checks that both fields are set. */
  public SettlementPolicy {
    Keys.set("settlement.mode", mode);
    Keys.set("settlement.on_unhandled", onUnhandled);
  }

  /**
   * The default policy: the engine settles, and dead-letters what the exception handler failed on.
   *
   * @return the defaults
   */
  public static SettlementPolicy defaults() {
    return DEFAULTS;
  }

  /**
   * A copy with another {@code mode}.
   *
   * @param newMode who settles
   * @return the copy
   */
  public SettlementPolicy withMode(SettlementMode newMode) {
    return new SettlementPolicy(newMode, onUnhandled);
  }

  /**
   * A copy with another {@code on_unhandled}.
   *
   * @param newOnUnhandled the action
   * @return the copy
   */
  public SettlementPolicy withOnUnhandled(UnhandledAction newOnUnhandled) {
    return new SettlementPolicy(mode, newOnUnhandled);
  }
}
