package dev.ergon.policy;

import dev.ergon.ConfigurationException;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Liveness supervision of a worker (configuration key {@code supervision}), with the original's
 * settings and defaults. After {@code startup_grace}, every {@code check_interval} the supervisor
 * inspects the worker's loops and connectors; staying unhealthy for {@code unhealthy_grace}
 * requests a graceful shutdown, and a shutdown that outlives {@code shutdown_grace} ends the
 * process with exit code 1.
 *
 * <pre>{@code
 * SupervisionPolicy supervision = SupervisionPolicy.builder()
 *     .checkInterval(Duration.ofSeconds(5))
 *     .processingStaleAfter(Duration.ofMinutes(2))
 *     .build();
 * }</pre>
 *
 * @param enabled whether the supervisor runs (default true)
 * @param checkInterval time between checks, more than zero (default 10 s)
 * @param startupGrace no checks before this much time after start, zero or more (default 60 s)
 * @param unhealthyGrace how long unhealthiness must last before shutdown, zero or more (default 30
 *     s)
 * @param shutdownGrace how long a graceful shutdown may take before the process is ended with exit
 *     code 1, zero or more (default 15 s)
 * @param fetchStaleAfter how long a loop may wait on its source (state {@code fetching}) before it
 *     counts as stalled; null for the default of 120 s
 * @param processingStaleAfter how long a loop with transactions in flight may go without progress
 *     before it counts as stalled; null for the default of {@code max(60 s, runtime timeout + 60
 *     s)} of the loop's policy (no check when the policy has no runtime timeout)
 */
public record SupervisionPolicy(
    boolean enabled,
    Duration checkInterval,
    Duration startupGrace,
    Duration unhealthyGrace,
    Duration shutdownGrace,
    @Nullable Duration fetchStaleAfter,
    @Nullable Duration processingStaleAfter) {

  /** Default {@code check_interval}: 10 seconds. */
  public static final Duration DEFAULT_CHECK_INTERVAL = Duration.ofSeconds(10);

  /** Default {@code startup_grace}: 60 seconds. */
  public static final Duration DEFAULT_STARTUP_GRACE = Duration.ofSeconds(60);

  /** Default {@code unhealthy_grace}: 30 seconds. */
  public static final Duration DEFAULT_UNHEALTHY_GRACE = Duration.ofSeconds(30);

  /** Default {@code shutdown_grace}: 15 seconds. */
  public static final Duration DEFAULT_SHUTDOWN_GRACE = Duration.ofSeconds(15);

  /** The fetch threshold when {@code fetch_stale_after} is not set: 120 seconds. */
  public static final Duration DEFAULT_FETCH_STALE_AFTER = Duration.ofSeconds(120);

  private static final SupervisionPolicy DEFAULTS = builder().build();

  /** Validates every field; messages name the key and the value. */
  public SupervisionPolicy {
    positive("supervision.check_interval", checkInterval);
    notNegative("supervision.startup_grace", startupGrace);
    notNegative("supervision.unhealthy_grace", unhealthyGrace);
    notNegative("supervision.shutdown_grace", shutdownGrace);
    if (fetchStaleAfter != null) {
      positive("supervision.fetch_stale_after", fetchStaleAfter);
    }
    if (processingStaleAfter != null) {
      positive("supervision.processing_stale_after", processingStaleAfter);
    }
  }

  private static void positive(String key, @Nullable Duration value) {
    if (value == null || !value.isPositive()) {
      throw new ConfigurationException(key, value, "> 0");
    }
  }

  private static void notNegative(String key, @Nullable Duration value) {
    if (value == null || value.isNegative()) {
      throw new ConfigurationException(key, value, ">= 0");
    }
  }

  /**
   * The defaults: enabled, checks every 10 s after 60 s, shutdown after 30 s of unhealthiness, 15 s
   * to shut down, derived stale thresholds.
   *
   * @return the default policy
   */
  public static SupervisionPolicy defaults() {
    return DEFAULTS;
  }

  /**
   * Supervision switched off.
   *
   * @return a disabled policy with default settings
   */
  public static SupervisionPolicy disabled() {
    return builder().enabled(false).build();
  }

  /**
   * A builder holding the defaults.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * A builder holding this policy's values.
   *
   * @return a new builder
   */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.enabled = enabled;
    b.checkInterval = checkInterval;
    b.startupGrace = startupGrace;
    b.unhealthyGrace = unhealthyGrace;
    b.shutdownGrace = shutdownGrace;
    b.fetchStaleAfter = fetchStaleAfter;
    b.processingStaleAfter = processingStaleAfter;
    return b;
  }

  /**
   * The {@code fetch_stale_after} setting, if set.
   *
   * @return the setting, or empty for the default
   */
  public Optional<Duration> fetchStaleAfterSetting() {
    return Optional.ofNullable(fetchStaleAfter);
  }

  /**
   * The {@code processing_stale_after} setting, if set.
   *
   * @return the setting, or empty for the per-policy default
   */
  public Optional<Duration> processingStaleAfterSetting() {
    return Optional.ofNullable(processingStaleAfter);
  }

  /** Builds a {@link SupervisionPolicy}; each setter checks its value at once. Not thread-safe. */
  public static final class Builder {
    private boolean enabled = true;
    private Duration checkInterval = DEFAULT_CHECK_INTERVAL;
    private Duration startupGrace = DEFAULT_STARTUP_GRACE;
    private Duration unhealthyGrace = DEFAULT_UNHEALTHY_GRACE;
    private Duration shutdownGrace = DEFAULT_SHUTDOWN_GRACE;
    private @Nullable Duration fetchStaleAfter;
    private @Nullable Duration processingStaleAfter;

    private Builder() {}

    /**
     * Whether the supervisor runs (default true).
     *
     * @param value true to supervise
     * @return this builder
     */
    public Builder enabled(boolean value) {
      this.enabled = value;
      return this;
    }

    /**
     * Time between checks (default 10 s).
     *
     * @param value more than zero
     * @return this builder
     */
    public Builder checkInterval(Duration value) {
      positive("supervision.check_interval", value);
      this.checkInterval = value;
      return this;
    }

    /**
     * No checks before this much time after start (default 60 s).
     *
     * @param value zero or more
     * @return this builder
     */
    public Builder startupGrace(Duration value) {
      notNegative("supervision.startup_grace", value);
      this.startupGrace = value;
      return this;
    }

    /**
     * How long unhealthiness must last before a shutdown is requested (default 30 s).
     *
     * @param value zero or more
     * @return this builder
     */
    public Builder unhealthyGrace(Duration value) {
      notNegative("supervision.unhealthy_grace", value);
      this.unhealthyGrace = value;
      return this;
    }

    /**
     * How long a graceful shutdown may take before the process ends with exit code 1 (default 15
     * s).
     *
     * @param value zero or more
     * @return this builder
     */
    public Builder shutdownGrace(Duration value) {
      notNegative("supervision.shutdown_grace", value);
      this.shutdownGrace = value;
      return this;
    }

    /**
     * How long a loop may wait on its source before it counts as stalled (default 120 s).
     *
     * @param value more than zero, or null for the default
     * @return this builder
     */
    public Builder fetchStaleAfter(@Nullable Duration value) {
      if (value != null) {
        positive("supervision.fetch_stale_after", value);
      }
      this.fetchStaleAfter = value;
      return this;
    }

    /**
     * How long a loop with work in flight may go without progress before it counts as stalled
     * (default {@code max(60 s, runtime timeout + 60 s)}).
     *
     * @param value more than zero, or null for the default
     * @return this builder
     */
    public Builder processingStaleAfter(@Nullable Duration value) {
      if (value != null) {
        positive("supervision.processing_stale_after", value);
      }
      this.processingStaleAfter = value;
      return this;
    }

    /**
     * Builds the policy.
     *
     * @return the policy
     */
    public SupervisionPolicy build() {
      return new SupervisionPolicy(
          enabled,
          Objects.requireNonNull(checkInterval),
          startupGrace,
          unhealthyGrace,
          shutdownGrace,
          fetchStaleAfter,
          processingStaleAfter);
    }
  }
}
