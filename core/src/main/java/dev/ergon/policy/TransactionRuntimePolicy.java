package dev.ergon.policy;

import dev.ergon.ConfigurationException;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * The wall-clock bound on one transaction's whole lifecycle, retries included (configuration key
 * {@code transaction_runtime}; field {@code timeout}).
 *
 * @param timeout the bound, or {@code null} for none (default {@link #DEFAULT_TIMEOUT}); when set,
 *     more than zero
 */
public record TransactionRuntimePolicy(@Nullable Duration timeout) {

  /** Default {@code timeout}: 60 seconds. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);

  private static final TransactionRuntimePolicy DEFAULTS =
      new TransactionRuntimePolicy(DEFAULT_TIMEOUT);

  /**
   * Validates the timeout. Zero is rejected rather than read as "time out at once" or "no timeout":
   * omit the value for none.
   */
  public TransactionRuntimePolicy {
    if (timeout != null && !timeout.isPositive()) {
      throw new ConfigurationException(
          "transaction_runtime.timeout", timeout, "> 0 (omit it for no timeout)");
    }
  }

  /**
   * The default policy: a 60-second bound.
   *
   * @return the defaults
   */
  public static TransactionRuntimePolicy defaults() {
    return DEFAULTS;
  }
}
