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
 * What one run of the order pipeline did: orders produced, outcomes by kind, retries, what reached
 * each sink, what the queue still holds, and how long it took.
 *
 * <pre>{@code
 * PipelineSummary summary = OrderPipeline.run(200);
 * summary.printTo(System.out);
 * int exitCode = summary.settled() ? 0 : 1;
 * }</pre>
 *
 * @param requested orders the feeder was asked for
 * @param produced orders the feeder dispatched to the queue
 * @param outcomes the processor's outcomes by kind, every kind present
 * @param retries retries the processor took, across transactions and phases
 * @param receipts receipts dispatched
 * @param rejected orders dispatched to the rejected connector
 * @param acknowledged orders the queue had acknowledged
 * @param ready orders still waiting in the queue
 * @param inFlight orders fetched from the queue and never settled
 * @param revenue the sum of the receipts' totals
 * @param feedDuration how long the feeder ran
 * @param processDuration how long the processor ran
 * @param failures tasks that failed or loops that did not drain, one sentence each
 */
public record PipelineSummary(
    int requested,
    long produced,
    Map<Outcome.Kind, Long> outcomes,
    long retries,
    long receipts,
    long rejected,
    long acknowledged,
    long ready,
    long inFlight,
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
    if (produced != requested) {
      problems.add("the feeder produced " + produced + " of " + requested + " orders");
    }
    long settled = count(Outcome.Kind.SUCCEEDED) + count(Outcome.Kind.FAILED_HANDLED);
    if (settled != produced) {
      problems.add(
          (produced - settled)
              + " of "
              + produced
              + " orders neither succeeded nor were handled (outcomes: "
              + outcomes
              + ")");
    }
    if (ready + inFlight > 0) {
      problems.add("the queue still holds " + ready + " ready and " + inFlight + " in-flight");
    }
    return problems;
  }

  /**
   * Whether every order produced succeeded or was handled, and the queue is empty.
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
    String line = "-".repeat(52);
    out.println("Ergon order pipeline: " + requested + " orders, in memory");
    out.println(line);
    row(out, "orders produced", produced, "");
    for (Outcome.Kind kind : Outcome.Kind.values()) {
      row(out, "  " + kind.name().toLowerCase(Locale.ROOT), count(kind), "");
    }
    row(out, "retries", retries, "");
    row(out, "receipts dispatched", receipts, "");
    row(out, "rejected", rejected, "");
    row(out, "acknowledged by the queue", acknowledged, "");
    row(out, "left in the queue", ready + inFlight, "(" + inFlight + " in flight)");
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
    out.println(String.format(Locale.ROOT, "%-26s %10s %s", label, value, note).stripTrailing());
  }
}
