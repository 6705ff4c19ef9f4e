package dev.ergon.policy;

import dev.ergon.ConfigurationException;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * How one phase is retried: attempts, a per-attempt timeout, exponential backoff with an optional
 * cap, and jitter. Configuration keys (under e.g. {@code process.retry}): {@code max_attempts},
 * {@code timeout}, {@code backoff}, {@code backoff_multiplier}, {@code backoff_cap}, {@code
 * jitter}.
 *
 * <pre>{@code
 * RetryPolicy retry = RetryPolicy.builder()
 *     .maxAttempts(3).backoff(Duration.ofSeconds(1)).backoffMultiplier(2.0)
 *     .backoffCap(Duration.ofSeconds(10)).timeout(Duration.ofSeconds(5)).build();
 * }</pre>
 *
 * @param maxAttempts attempts in all, counting the first; at least 1 (default 1)
 * @param timeout wall-clock bound of each attempt, or {@code null} for none (default none); when
 *     set, more than zero
 * @param backoff delay before the first retry; zero or more (default zero)
 * @param backoffMultiplier growth of the delay per retry; at least 0 (default 1)
 * @param backoffCap the largest delay, or {@code null} for none (default none); when set, more than
 *     zero
 * @param jitter the fraction of each delay that is randomised, from 0 to 1 (default 0): the delay
 *     becomes a uniform pick in {@code [d × (1 − jitter), d × (1 + jitter)]}, still capped
 */
public record RetryPolicy(
    int maxAttempts,
    @Nullable Duration timeout,
    Duration backoff,
    double backoffMultiplier,
    @Nullable Duration backoffCap,
    double jitter) {

  /** Default {@code max_attempts}: a single try. */
  public static final int DEFAULT_MAX_ATTEMPTS = 1;

  /** Default {@code backoff_multiplier}. */
  public static final double DEFAULT_BACKOFF_MULTIPLIER = 1.0;

  private static final RetryPolicy DEFAULTS = builder().build();

  /** Validates every field; the messages name the key and the value. */
  public RetryPolicy {
    if (maxAttempts < 1) {
      throw new ConfigurationException("retry.max_attempts", maxAttempts, ">= 1");
    }
    if (timeout != null && !timeout.isPositive()) {
      throw new ConfigurationException("retry.timeout", timeout, "> 0 (or absent for no timeout)");
    }
    if (backoff == null || backoff.isNegative()) {
      throw new ConfigurationException("retry.backoff", backoff, ">= 0");
    }
    if (!(backoffMultiplier >= 0) || Double.isInfinite(backoffMultiplier)) {
      throw new ConfigurationException("retry.backoff_multiplier", backoffMultiplier, ">= 0");
    }
    if (backoffCap != null && !backoffCap.isPositive()) {
      throw new ConfigurationException("retry.backoff_cap", backoffCap, "> 0 (or absent for none)");
    }
    if (!(jitter >= 0 && jitter <= 1)) {
      throw new ConfigurationException("retry.jitter", jitter, "between 0 and 1");
    }
  }

  /**
   * The default policy: one attempt, no timeout, no backoff.
   *
   * @return the defaults
   */
  public static RetryPolicy defaults() {
    return DEFAULTS;
  }

  /**
   * A builder starting from the defaults.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * A builder starting from this policy's values.
   *
   * @return a new builder
   */
  public Builder toBuilder() {
    return new Builder()
        .maxAttempts(maxAttempts)
        .timeout(timeout)
        .backoff(backoff)
        .backoffMultiplier(backoffMultiplier)
        .backoffCap(backoffCap)
        .jitter(jitter);
  }

  /**
   * The delay before retry {@code n} (0 for the first retry), without jitter. See {@link Backoff}.
   *
   * @param n the retry index, from 0
   * @return the delay
   */
  public Duration delayBeforeRetry(int n) {
    return Backoff.delay(backoff, backoffMultiplier, backoffCap, n);
  }

  /** Builds a {@link RetryPolicy}; each setter checks its value at once. Not thread-safe. */
  public static final class Builder {
    private int maxAttempts = DEFAULT_MAX_ATTEMPTS;
    private @Nullable Duration timeout;
    private Duration backoff = Duration.ZERO;
    private double backoffMultiplier = DEFAULT_BACKOFF_MULTIPLIER;
    private @Nullable Duration backoffCap;
    private double jitter;

    private Builder() {}

    /**
     * Sets {@code max_attempts}.
     *
     * @param value attempts in all, at least 1
     * @return this builder
     */
    public Builder maxAttempts(int value) {
      if (value < 1) {
        throw new ConfigurationException("retry.max_attempts", value, ">= 1");
      }
      this.maxAttempts = value;
      return this;
    }

    /**
     * Sets {@code timeout}, the per-attempt bound.
     *
     * @param value more than zero, or {@code null} for none
     * @return this builder
     */
    public Builder timeout(@Nullable Duration value) {
      if (value != null && !value.isPositive()) {
        throw new ConfigurationException("retry.timeout", value, "> 0 (or absent for no timeout)");
      }
      this.timeout = value;
      return this;
    }

    /**
     * Sets {@code backoff}, the delay before the first retry.
     *
     * @param value zero or more
     * @return this builder
     */
    public Builder backoff(Duration value) {
      if (value.isNegative()) {
        throw new ConfigurationException("retry.backoff", value, ">= 0");
      }
      this.backoff = value;
      return this;
    }

    /**
     * Sets {@code backoff_multiplier}.
     *
     * @param value at least 0
     * @return this builder
     */
    public Builder backoffMultiplier(double value) {
      if (!(value >= 0) || Double.isInfinite(value)) {
        throw new ConfigurationException("retry.backoff_multiplier", value, ">= 0");
      }
      this.backoffMultiplier = value;
      return this;
    }

    /**
     * Sets {@code backoff_cap}.
     *
     * @param value more than zero, or {@code null} for none
     * @return this builder
     */
    public Builder backoffCap(@Nullable Duration value) {
      if (value != null && !value.isPositive()) {
        throw new ConfigurationException("retry.backoff_cap", value, "> 0 (or absent for none)");
      }
      this.backoffCap = value;
      return this;
    }

    /**
     * Sets {@code jitter}.
     *
     * @param value from 0 to 1
     * @return this builder
     */
    public Builder jitter(double value) {
      if (!(value >= 0 && value <= 1)) {
        throw new ConfigurationException("retry.jitter", value, "between 0 and 1");
      }
      this.jitter = value;
      return this;
    }

    /**
     * Builds the policy.
     *
     * @return the policy
     */
    public RetryPolicy build() {
      return new RetryPolicy(maxAttempts, timeout, backoff, backoffMultiplier, backoffCap, jitter);
    }
  }
}
