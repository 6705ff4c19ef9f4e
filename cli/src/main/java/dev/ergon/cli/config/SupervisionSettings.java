package dev.ergon.cli.config;

import dev.ergon.ConfigurationException;
import dev.ergon.policy.SupervisionPolicy;
import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A task's liveness supervision settings (configuration section {@code supervision}; keys {@code
 * enabled}, {@code check_interval}, {@code startup_grace}, {@code unhealthy_grace}, {@code
 * shutdown_grace}, {@code fetch_stale_after}, {@code processing_stale_after}), with the original's
 * defaults. The runtime maps it onto its own supervision policy.
 *
 * @param enabled whether the task is supervised (default true)
 * @param checkInterval how often liveness is checked; more than zero (default 10 s)
 * @param startupGrace no checks this long after start; zero or more (default 60 s)
 * @param unhealthyGrace how long a task may stay unhealthy before it is shut down; zero or more
 *     (default 30 s)
 * @param shutdownGrace how long a shutdown may take before the process exits with 1; zero or more
 *     (default 15 s)
 * @param fetchStaleAfter a fetch taking longer is stalled, or {@code null} to derive it (default);
 *     when set, more than zero
 * @param processingStaleAfter no progress with work in flight for longer is stalled, or {@code
 *     null} to derive it from the runtime timeout (default); when set, more than zero
 */
public record SupervisionSettings(
    boolean enabled,
    Duration checkInterval,
    Duration startupGrace,
    Duration unhealthyGrace,
    Duration shutdownGrace,
    @Nullable Duration fetchStaleAfter,
    @Nullable Duration processingStaleAfter) {

  /** The keys of the {@code supervision} section. */
  public static final List<String> KEYS =
      List.of(
          "enabled",
          "check_interval",
          "startup_grace",
          "unhealthy_grace",
          "shutdown_grace",
          "fetch_stale_after",
          "processing_stale_after");

  private static final SupervisionSettings DEFAULTS =
      new SupervisionSettings(
          true,
          Duration.ofSeconds(10),
          Duration.ofSeconds(60),
          Duration.ofSeconds(30),
          Duration.ofSeconds(15),
          null,
          null);

  /** Validates every field; messages name the key ({@code supervision.check_interval}). */
  public SupervisionSettings {
    positive("supervision.check_interval", checkInterval);
    nonNegative("supervision.startup_grace", startupGrace);
    nonNegative("supervision.unhealthy_grace", unhealthyGrace);
    nonNegative("supervision.shutdown_grace", shutdownGrace);
    if (fetchStaleAfter != null) {
      positive("supervision.fetch_stale_after", fetchStaleAfter);
    }
    if (processingStaleAfter != null) {
      positive("supervision.processing_stale_after", processingStaleAfter);
    }
  }

  /**
   * The defaults: enabled, checks every 10 s after a 60 s start-up grace, 30 s unhealthy grace, 15
   * s shutdown grace, derived stale thresholds.
   *
   * @return the defaults
   */
  public static SupervisionSettings defaults() {
    return DEFAULTS;
  }

  /**
   * The settings equal to a supervision policy.
   *
   * @param p the policy
   * @return the settings
   */
  public static SupervisionSettings of(SupervisionPolicy p) {
    return new SupervisionSettings(
        p.enabled(),
        p.checkInterval(),
        p.startupGrace(),
        p.unhealthyGrace(),
        p.shutdownGrace(),
        p.fetchStaleAfter(),
        p.processingStaleAfter());
  }

  /**
   * These settings as the supervision policy the runtime applies.
   *
   * @return the policy
   */
  public SupervisionPolicy toPolicy() {
    return new SupervisionPolicy(
        enabled,
        checkInterval,
        startupGrace,
        unhealthyGrace,
        shutdownGrace,
        fetchStaleAfter,
        processingStaleAfter);
  }

  private static void positive(String key, @Nullable Duration d) {
    if (d == null || !d.isPositive()) {
      throw new ConfigurationException(key, d == null ? null : Durations.format(d), "> 0");
    }
  }

  private static void nonNegative(String key, @Nullable Duration d) {
    if (d == null || d.isNegative()) {
      throw new ConfigurationException(key, d == null ? null : Durations.format(d), ">= 0");
    }
  }

  /** Lays one key over these settings; the key is one of {@link #KEYS}. */
  SupervisionSettings with(String key, Setting s) {
    boolean e = enabled;
    Duration ci = checkInterval;
    Duration sg = startupGrace;
    Duration ug = unhealthyGrace;
    Duration shg = shutdownGrace;
    Duration fs = fetchStaleAfter;
    Duration ps = processingStaleAfter;
    switch (key) {
      case "enabled" -> e = Values.bool(s);
      case "check_interval" -> ci = Values.duration(s);
      case "startup_grace" -> sg = Values.duration(s);
      case "unhealthy_grace" -> ug = Values.duration(s);
      case "shutdown_grace" -> shg = Values.duration(s);
      case "fetch_stale_after" -> fs = Values.optionalDuration(s);
      case "processing_stale_after" -> ps = Values.optionalDuration(s);
      default ->
          throw s.problem(
              "unknown key '" + key + "' in supervision; known keys: " + String.join(", ", KEYS));
    }
    try {
      return new SupervisionSettings(e, ci, sg, ug, shg, fs, ps);
    } catch (ConfigurationException ex) {
      throw s.rejected(ex);
    }
  }
}
