package dev.ergon.telemetry;

import dev.ergon.ConfigurationException;
import java.util.Objects;
import java.util.UUID;

/**
 * Which worker the telemetry belongs to; it becomes resource attributes ({@code ergon.task.name},
 * {@code ergon.execution.id}, {@code ergon.worker.index}) and fills the placeholders of log file
 * paths.
 *
 * @param taskName the task's name (the default {@code service.name})
 * @param executionId identifies one run of the task, shared by its workers
 * @param workerIndex this worker's index, from 0
 */
public record WorkerIdentity(String taskName, String executionId, int workerIndex) {

  /** Checks the fields. */
  public WorkerIdentity {
    Objects.requireNonNull(taskName, "taskName");
    Objects.requireNonNull(executionId, "executionId");
    if (taskName.isBlank()) {
      throw new ConfigurationException("task_name", "\"" + taskName + "\"", "not blank");
    }
    if (executionId.isBlank()) {
      throw new ConfigurationException("execution_id", "\"" + executionId + "\"", "not blank");
    }
    if (workerIndex < 0) {
      throw new ConfigurationException("worker_index", workerIndex, ">= 0");
    }
  }

  /**
   * Worker 0 of a new execution (a random execution id) of {@code taskName}.
   *
   * @param taskName the task's name
   * @return the identity
   */
  public static WorkerIdentity single(String taskName) {
    return new WorkerIdentity(taskName, UUID.randomUUID().toString(), 0);
  }
}
