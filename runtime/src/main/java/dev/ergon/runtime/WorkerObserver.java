package dev.ergon.runtime;

import dev.ergon.engine.Worker;
import dev.ergon.engine.WorkerResult;

/**
 * Watches the worker a {@link Runner} runs in this process, e.g. to show progress from its engine.
 * Called on the runner's thread; implementations should return quickly.
 */
public interface WorkerObserver {

  /** An observer that does nothing. */
  WorkerObserver NONE = new WorkerObserver() {};

  /**
   * The worker has started (connectors, services and task are up); its loops are about to run.
   *
   * @param worker the worker
   */
  default void started(Worker worker) {}

  /**
   * The worker's {@code execute()} and {@code exit()} returned.
   *
   * @param result the loops' reports and the task's failure, if any
   */
  default void finished(WorkerResult result) {}
}
