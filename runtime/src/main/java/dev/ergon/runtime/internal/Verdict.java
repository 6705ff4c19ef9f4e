package dev.ergon.runtime.internal;

import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The result of one liveness check.
 *
 * @param healthy whether the worker is live
 * @param state {@code starting}, {@code processing}, {@code fetching}, {@code idle}, {@code
 *     finished} when healthy; {@code processing_stalled}, {@code fetch_stalled}, {@code
 *     fetch_failing}, {@code connect_stalled} or {@code check_failed} when not
 * @param reason why it is unhealthy, or null
 * @param details loops, connectors, stuck transactions
 */
public record Verdict(
    boolean healthy, String state, @Nullable String reason, Map<String, Object> details) {

  /** Copies the details. */
  public Verdict {
    details = Map.copyOf(details);
  }

  /**
   * A healthy verdict.
   *
   * @param state the aggregate loop state
   * @param details what was observed
   * @return the verdict
   */
  public static Verdict healthy(String state, Map<String, Object> details) {
    return new Verdict(true, state, null, details);
  }

  /**
   * An unhealthy verdict.
   *
   * @param state what is stalled
   * @param reason a sentence naming the loop, connector or transactions
   * @param details what was observed
   * @return the verdict
   */
  public static Verdict unhealthy(String state, String reason, Map<String, Object> details) {
    return new Verdict(false, state, reason, details);
  }

  /**
   * The verdict as a JSON-ready map: {@code healthy}, {@code state}, {@code reason}, {@code
   * details}.
   *
   * @return an ordered map
   */
  public Map<String, Object> toMap() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("healthy", healthy);
    m.put("state", state);
    if (reason != null) {
      m.put("reason", reason);
    }
    m.put("details", details);
    return m;
  }
}
