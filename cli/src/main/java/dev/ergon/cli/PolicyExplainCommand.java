package dev.ergon.cli;

import dev.ergon.cli.config.Durations;
import dev.ergon.policy.ConsumerLoopPolicy;
import dev.ergon.policy.ConsumerPolicy;
import dev.ergon.policy.EmptyQueuePolicy;
import dev.ergon.policy.Policy;
import dev.ergon.policy.ProducerLoopPolicy;
import dev.ergon.policy.ProducerPolicy;
import dev.ergon.policy.RetryPolicy;
import dev.ergon.task.TaskConfig;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/**
 * {@code ergon policy explain <task> <policy>}: the effective policy (configuration applied) in
 * concrete terms: loop settings, runtime timeout, and each phase's attempts, timeouts, delays and
 * worst-case time.
 */
@Command(
    name = "explain",
    mixinStandardHelpOptions = true,
    description = {
      "Prints a policy's concrete retry schedule per phase (attempt n: timeout, delay before it)"
          + " and its worst-case time, the runtime timeout and the loop settings, with the"
          + " configuration applied."
    })
final class PolicyExplainCommand implements Callable<Integer> {
  private final CliContext context;
  @Mixin ConfigOption config;

  @Parameters(index = "0", paramLabel = "TASK", description = "The task.")
  String task = "";

  @Parameters(index = "1", paramLabel = "POLICY", description = "A policy of the task.")
  String policy = "";

  PolicyExplainCommand(CliContext context) {
    this.context = context;
  }

  @Override
  public Integer call() {
    TaskConfig effective = context.task(task, config.file).config();
    Policy p = CliContext.policy(effective, policy);
    PrintWriter out = context.out;
    out.printf(
        "task '%s', %s policy '%s' (configuration applied)%n",
        effective.name(), CliContext.kind(p), p.name());
    switch (p) {
      case ConsumerPolicy c -> consumer(out, c);
      case ProducerPolicy pp -> producer(out, pp);
    }
    return ExitCodes.OK;
  }

  private static void consumer(PrintWriter out, ConsumerPolicy c) {
    ConsumerLoopPolicy loop = c.loop();
    EmptyQueuePolicy eq = loop.emptyQueue();
    out.printf(
        "loop: mode %s, concurrency %d (%s threads), batch size %d, batch interval %s,"
            + " streaming %s, timeout %s, limit %s%n",
        name(loop.mode()),
        loop.concurrency().value(),
        name(loop.concurrency().threads()),
        loop.batch().size(),
        Durations.format(loop.batch().interval()),
        loop.streaming() ? "yes" : "no",
        optional(loop.timeout()),
        loop.limit() == null ? "none" : loop.limit());
    out.printf(
        "loop.empty_queue: backoff %s, multiplier %s, cap %s%n",
        Durations.format(eq.backoff()), number(eq.backoffMultiplier()), optional(eq.backoffCap()));
    out.printf(
        "fetch.connector_name: %s%n",
        c.fetch().connectorName() == null ? "(the only connector)" : c.fetch().connectorName());
    runtime(out, c.transactionRuntime().timeout());
    out.printf(
        "settlement: mode %s, on_unhandled %s%n",
        name(c.settlement().mode()), name(c.settlement().onUnhandled()));
    Duration runtime = c.transactionRuntime().timeout();
    phase(out, "fetch.retry", c.fetch().retry(), null);
    phase(out, "process.retry", c.process().retry(), runtime);
    phase(out, "success.retry", c.success().retry(), runtime);
    phase(out, "exception.retry", c.exception().retry(), runtime);
  }

  private static void producer(PrintWriter out, ProducerPolicy p) {
    ProducerLoopPolicy loop = p.loop();
    out.printf(
        "loop: concurrency %d (%s threads), batch size %d, batch interval %s, timeout %s, limit"
            + " %s%n",
        loop.concurrency().value(),
        name(loop.concurrency().threads()),
        loop.batch().size(),
        Durations.format(loop.batch().interval()),
        optional(loop.timeout()),
        loop.limit() == null ? "none" : loop.limit());
    runtime(out, p.transactionRuntime().timeout());
    Duration runtime = p.transactionRuntime().timeout();
    phase(out, "prepare.retry", p.prepare().retry(), runtime);
    phase(out, "success.retry", p.success().retry(), runtime);
    phase(out, "exception.retry", p.exception().retry(), runtime);
  }

  private static void runtime(PrintWriter out, @Nullable Duration timeout) {
    out.printf(
        "transaction_runtime.timeout: %s%n",
        timeout == null
            ? "none (a transaction's lifecycle is unbounded)"
            : Durations.format(timeout)
                + " (bounds each transaction's whole lifecycle, retries"
                + " included)");
  }

  /**
   * Prints one phase's schedule; {@code runtime} is the transaction runtime timeout that also
   * bounds the phase (none for fetching, which is outside any transaction's lifecycle).
   */
  private static void phase(
      PrintWriter out, String key, RetryPolicy r, @Nullable Duration runtime) {
    out.printf(
        "%s: %d attempt%s, timeout %s, backoff %s, multiplier %s, cap %s, jitter %s%n",
        key,
        r.maxAttempts(),
        r.maxAttempts() == 1 ? "" : "s",
        optional(r.timeout()),
        Durations.format(r.backoff()),
        number(r.backoffMultiplier()),
        optional(r.backoffCap()),
        number(r.jitter()));
    String upTo = r.jitter() > 0 ? "up to " : "";
    for (RetrySchedule.Attempt a : RetrySchedule.of(r)) {
      out.printf(
          "  attempt %d: timeout %s, delay before %s%s%n",
          a.number(), optional(a.timeout()), upTo, Durations.format(a.delayBefore()));
    }
    out.printf("  worst case: %s%n", worstCase(r, runtime));
  }

  private static String worstCase(RetryPolicy r, @Nullable Duration runtime) {
    var worst = RetrySchedule.worstCase(r);
    String bound =
        runtime == null
            ? ""
            : "; transaction_runtime.timeout cuts it at " + Durations.format(runtime);
    if (worst.isEmpty()) {
      return "unbounded (attempts have no timeout)" + bound;
    }
    boolean cut = runtime != null && runtime.compareTo(worst.get()) < 0;
    return Durations.format(worst.get()) + (cut ? bound : "");
  }

  private static String optional(@Nullable Duration d) {
    return d == null ? "none" : Durations.format(d);
  }

  private static String number(double d) {
    return d == Math.rint(d) ? String.valueOf((long) d) : String.valueOf(d);
  }

  private static String name(Enum<?> e) {
    return e.name().toLowerCase(Locale.ROOT);
  }
}
