package dev.ergon.policy;

/**
 * How one lifecycle phase runs (configuration keys {@code process}, {@code success}, {@code
 * exception}, {@code prepare}; field {@code retry}).
 *
 * @param retry the retry envelope around the phase (default {@link RetryPolicy#defaults()}: one
 *     attempt)
 */
public record PhasePolicy(RetryPolicy retry) {

  private static final PhasePolicy DEFAULTS = new PhasePolicy(RetryPolicy.defaults());

  /** Checks that the retry policy is set. */
  public PhasePolicy {
    Keys.set("retry", retry);
  }

  /**
   * The default policy: one attempt, no timeout, no backoff.
   *
   * @return the defaults
   */
  public static PhasePolicy defaults() {
    return DEFAULTS;
  }
}
