package dev.ergon.examples.orders;

import dev.ergon.engine.Outcome;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What one run of the order pipeline did: which queue, whether it fed new orders or resumed those
 * an earlier run left, outcomes by kind, retries, what reached each sink, what the queue still
 * holds, and how long it took.
 *
 * <pre>{@code
 * PipelineSummary summary = new OrderPipeline(OrderQueue.memory()).run(200, false);
 * summary.printTo(System.out);
 * int exitCode = summary.settled() ? 0 : 1;
 * }</pre>
 *
 * @param queue which queue, as {@link OrderQueue#describe()} says
 * @param requested orders the feeder was asked for, when it fed
 * @param fed orders this run dispatched to the queue; 0 when it resumed
 * @param resumed orders an earlier run left in the queue, which this run processed; 0 when it fed
 * @param outcomes the processor's outcomes by kind
 * @param retries retries the processor took, across transactions and phases
 * @param receipts receipts dispatched this run
 * @param rejected orders dispatched to the rejected sink this run
 * @param left orders still in the queue at the end, unsettled (dead letters excluded)
 * @param revenue the sum of this run's receipts' totals
 * @param feedDuration how long the feeder ran
 * @param processDuration how long the processor ran
 * @param failures tasks that failed or loops that ended early, one sentence each
 */
public record PipelineSummary(
    String queue,
    int requested,
    long fed,
    long resumed,
    Map<Outcome.Kind, Long> outcomes,
    long retries,
    long receipts,
    long rejected,
    long left,
    BigDecimal revenue,
    Duration feedDuration,
    Duration processDuration,
    List<String> failures) {

  /** Copies the collections. */
  public PipelineSummary {
    outcomes = Map.copyOf(outcomes);
    failures = List.copyOf(failures);
  }

  /**
   * The number of outcomes of one kind.
   *
   * @param kind the kind
   * @return the count, 0 when none
   */
  public long count(Outcome.Kind kind) {
    return outcomes.getOrDefault(kind, 0L);
  }

  /**
   * The orders this run had to settle: those it fed, or those it resumed.
   *
   * @return fed plus resumed
   */
  public long expected() {
    return fed + resumed;
  }

  /**
   * Processed orders per second of the processor's run.
   *
   * @return the throughput; 0 for an instantaneous run
   */
  public double throughputPerSecond() {
    long processed = outcomes.values().stream().mapToLong(Long::longValue).sum();
    double seconds = processDuration.toNanos() / 1e9;
    return seconds <= 0 ? 0 : processed / seconds;
  }

  /**
   * Why the run did not settle every order; empty when it did.
   *
   * @return one sentence per problem
   */
  public List<String> problems() {
    List<String> problems = new ArrayList<>(failures);
    if (resumed == 0 && fed != requested) {
      problems.add("the feeder dispatched " + fed + " of " + requested + " orders");
    }
    long settled = count(Outcome.Kind.SUCCEEDED) + count(Outcome.Kind.FAILED_HANDLED);
    if (settled != expected()) {
      problems.add(
          settled
              + " of "
              + expected()
              + " orders succeeded or were handled (outcomes: "
              + outcomes
              + ")");
    }
    if (left > 0) {
      problems.add("the queue still holds " + left + " orders; run the demo again to resume them");
    }
    return problems;
  }

  /**
   * Whether every order of this run succeeded or was handled, and the queue ended empty.
   *
   * @return true when nothing is left over
   */
  public boolean settled() {
    return problems().isEmpty();
  }

  /**
   * Prints the summary table.
   *
   * @param out where to print
   */
  public void printTo(PrintStream out) {
    String line = "-".repeat(60);
    out.println("Ergon order pipeline on " + queue);
    out.println(line);
    if (resumed > 0) {
      row(out, "resumed", resumed, "orders an earlier run left in the queue");
    } else {
      row(out, "fed this run", fed, "orders");
    }
    for (Outcome.Kind kind : Outcome.Kind.values()) {
      row(out, "  " + kind.name().toLowerCase(Locale.ROOT), count(kind), "");
    }
    row(out, "retries", retries, "");
    row(out, "receipts dispatched", receipts, "");
    row(out, "rejected", rejected, "");
    row(out, "left in the queue", left, "");
    row(out, "revenue", revenue.toPlainString(), "");
    row(out, "throughput", Math.round(throughputPerSecond()), "tx/s");
    Duration total = feedDuration.plus(processDuration);
    row(
        out,
        "duration",
        total.toMillis(),
        "ms (feed " + feedDuration.toMillis() + ", process " + processDuration.toMillis() + ")");
    out.println(line);
  }

  private static void row(PrintStream out, String label, Object value, String note) {
    out.println(String.format(Locale.ROOT, "%-22s %10s %s", label, value, note).stripTrailing());
  }
}
