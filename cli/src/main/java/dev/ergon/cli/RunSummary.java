package dev.ergon.cli;

import dev.ergon.cli.config.Durations;
import dev.ergon.engine.RunReport;
import dev.ergon.engine.WorkerResult;
import java.io.PrintWriter;
import java.util.Locale;

/** Prints the summary of a run: one line per loop, and the task's failure if any. */
final class RunSummary {
  private RunSummary() {}

  static void print(PrintWriter out, String task, WorkerResult result) {
    out.println("task '" + task + "' ended:");
    if (result.reports().isEmpty()) {
      out.println("  no consumer or producer loop ran");
    }
    for (RunReport r : result.reports()) {
      out.println("  " + line(r));
      r.failureCause().ifPresent(f -> out.println("    loop failure: " + f));
    }
    result.failureCause().ifPresent(f -> out.println("  task failed: " + f));
  }

  static String line(RunReport r) {
    return String.format(
        Locale.ROOT,
        "policy '%s': %s after %s; fetched %d, succeeded %d, failed handled %d, failed unhandled"
            + " %d, timed out %d, redelivered %d, released %d, retries %d, %.1f/s",
        r.policy(),
        r.endReason().name().toLowerCase(Locale.ROOT).replace('_', ' '),
        Durations.format(r.duration()),
        r.fetched(),
        r.succeeded(),
        r.failedHandled(),
        r.failedUnhandled(),
        r.timedOut(),
        r.redelivered(),
        r.released(),
        r.retries(),
        r.throughputPerSecond());
  }
}
