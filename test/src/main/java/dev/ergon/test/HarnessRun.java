package dev.ergon.test;

import dev.ergon.engine.Outcome;
import dev.ergon.engine.RunReport;
import dev.ergon.engine.WorkerResult;
import java.util.List;
import java.util.Map;

/**
 * What a {@link TaskHarness} run did: the worker's result and each transaction's outcome by id.
 *
 * @param result the worker result (loop reports, failure of {@code execute()})
 * @param outcomes every transaction's outcome, by transaction id
 */
public record HarnessRun(WorkerResult result, Map<String, Outcome> outcomes) {

  /** Copies the outcomes. */
  public HarnessRun {
    outcomes = Map.copyOf(outcomes);
  }

  /**
   * The outcome of one transaction.
   *
   * @param transactionId the id
   * @return its outcome
   * @throws AssertionError when the transaction has no outcome
   */
  public Outcome outcome(String transactionId) {
    Outcome o = outcomes.get(transactionId);
    if (o == null) {
      throw new AssertionError(
          "transaction '" + transactionId + "' has no outcome; outcomes: " + outcomes.keySet());
    }
    return o;
  }

  /**
   * The report of the only loop the task ran.
   *
   * @return the report
   * @throws AssertionError when the task ran no loop or several
   */
  public RunReport report() {
    List<RunReport> reports = result.reports();
    if (reports.size() != 1) {
      throw new AssertionError("expected one loop report but there were " + reports.size());
    }
    return reports.get(0);
  }

  /**
   * How many transactions ended with {@code kind}.
   *
   * @param kind the outcome kind
   * @return the count
   */
  public long count(Outcome.Kind kind) {
    return outcomes.values().stream().filter(o -> o.kind() == kind).count();
  }
}
