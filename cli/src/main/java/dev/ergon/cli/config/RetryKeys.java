package dev.ergon.cli.config;

import dev.ergon.policy.RetryPolicy;
import java.util.List;

/** The keys of a retry envelope ({@code process.retry.max_attempts}, …) and how each is applied. */
final class RetryKeys {
  /** The keys below {@code <phase>.retry}. */
  static final List<String> FIELDS =
      List.of("max_attempts", "timeout", "backoff", "backoff_multiplier", "backoff_cap", "jitter");

  private RetryKeys() {}

  /**
   * Applies one field.
   *
   * @param retry the current envelope
   * @param field one of {@link #FIELDS}
   * @param s the setting
   * @return the new envelope
   */
  static RetryPolicy apply(RetryPolicy retry, String field, Setting s) {
    RetryPolicy.Builder b = retry.toBuilder();
    return switch (field) {
      case "max_attempts" -> b.maxAttempts(Values.integer(s)).build();
      case "timeout" -> b.timeout(Values.optionalDuration(s)).build();
      case "backoff" -> b.backoff(Values.duration(s)).build();
      case "backoff_multiplier" -> b.backoffMultiplier(Values.number(s)).build();
      case "backoff_cap" -> b.backoffCap(Values.optionalDuration(s)).build();
      case "jitter" -> b.jitter(Values.number(s)).build();
      default -> throw new IllegalArgumentException(field);
    };
  }
}
