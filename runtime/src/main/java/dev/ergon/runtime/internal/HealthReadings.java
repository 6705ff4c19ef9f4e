package dev.ergon.runtime.internal;

import dev.ergon.runtime.HealthReading;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Turns the supervisor's verdicts into the public {@link HealthReading}. */
public final class HealthReadings {
  private HealthReadings() {}

  /**
   * The reading of a verdict, its reason naming the task.
   *
   * @param task the task's name
   * @param v the verdict
   * @return the reading, with the ids of {@code stuck_transactions} when the details have them
   */
  public static HealthReading of(String task, Verdict v) {
    String reason = v.reason();
    String prefix = "task '" + task + "'";
    if (reason != null && !reason.startsWith(prefix)) {
      reason = prefix + ": " + reason;
    }
    return new HealthReading(v.healthy(), v.state(), reason, stuck(v.details()), v.details());
  }

  private static List<String> stuck(Map<String, Object> details) {
    List<String> ids = new ArrayList<>();
    if (details.get("stuck_transactions") instanceof List<?> list) {
      for (Object o : list) {
        if (o instanceof Map<?, ?> m && m.get("id") != null) {
          ids.add(String.valueOf(m.get("id")));
        }
      }
    }
    return ids;
  }
}
