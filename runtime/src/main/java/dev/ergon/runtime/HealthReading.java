package dev.ergon.runtime;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * One liveness or readiness reading of a task run in this process ({@link EmbeddedRun#health()}).
 *
 * @param healthy whether the task is live (or ready)
 * @param state {@code starting}, {@code processing}, {@code fetching}, {@code idle}, {@code ready},
 *     {@code finished} when healthy; {@code processing_stalled}, {@code fetch_stalled}, {@code
 *     fetch_failing}, {@code connect_stalled}, {@code check_failed}, {@code stopping}, {@code
 *     failed} when not
 * @param reason why it is not healthy, naming the task and the loop, connector or transactions;
 *     null when healthy
 * @param stuckTransactions the ids of the transactions a {@code processing_stalled} reading found
 *     stuck, oldest first; empty otherwise
 * @param details what was observed: {@code loops}, {@code connectors}, {@code stuck_transactions}
 */
public record HealthReading(
    boolean healthy,
    String state,
    @Nullable String reason,
    List<String> stuckTransactions,
    Map<String, Object> details) {

  /** Copies the lists and maps. */
  public HealthReading {
    stuckTransactions = List.copyOf(stuckTransactions);
    details = Map.copyOf(details);
  }

  /**
   * The reading as a JSON-ready map: {@code healthy}, {@code state}, {@code reason} (when there is
   * one), {@code details}.
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
