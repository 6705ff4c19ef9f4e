package dev.ergon.spring;

import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A liveness or readiness reading of the application's Ergon tasks, as the health indicators show
 * it.
 *
 * @param healthy whether every task is live (or ready)
 * @param state the worst task's state, e.g. {@code processing}, {@code idle}, {@code stopping},
 *     {@code processing_stalled}; {@code none} when there are no tasks
 * @param reason why it is not healthy, naming the task, or null when healthy
 * @param tasks each task's own reading ({@code healthy}, {@code state}, {@code reason}, {@code
 *     details}), by task name
 */
public record ErgonHealth(
    boolean healthy, String state, @Nullable String reason, Map<String, Object> tasks) {

  /** Copies the per-task readings. */
  public ErgonHealth {
    tasks = Map.copyOf(tasks);
  }
}
