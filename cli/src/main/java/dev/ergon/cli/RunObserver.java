package dev.ergon.cli;

import dev.ergon.engine.Engine;
import dev.ergon.engine.OutcomeListener;
import dev.ergon.engine.WorkerResult;
import java.util.List;

/**
 * Watches a run on behalf of the command line: every outcome (it is the worker's {@link
 * OutcomeListener}), the engine once the worker has started (for in-flight counts and health), and
 * the result. A {@link TaskLauncher} calls these; implementations must be thread-safe.
 */
public interface RunObserver extends OutcomeListener {

  /** An observer that ignores everything. */
  RunObserver NONE = (transaction, outcome) -> {};

  /**
   * The worker has started; its engine runs the loops.
   *
   * @param engine the worker's engine
   */
  default void started(Engine engine) {}

  /**
   * The worker's {@code execute()} returned.
   *
   * @param result the loops' reports and the task's failure, if any
   */
  default void finished(WorkerResult result) {}

  /**
   * An observer that forwards to all of {@code observers}, in order.
   *
   * @param observers the observers
   * @return the composite
   */
  static RunObserver all(RunObserver... observers) {
    List<RunObserver> list = List.of(observers);
    return new RunObserver() {
      @Override
      public void onOutcome(
          dev.ergon.transaction.Transaction transaction, dev.ergon.engine.Outcome outcome) {
        list.forEach(o -> o.onOutcome(transaction, outcome));
      }

      @Override
      public void started(Engine engine) {
        list.forEach(o -> o.started(engine));
      }

      @Override
      public void finished(WorkerResult result) {
        list.forEach(o -> o.finished(result));
      }
    };
  }
}
