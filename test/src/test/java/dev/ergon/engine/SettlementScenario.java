package dev.ergon.engine;

import dev.ergon.policy.ConsumerPolicy;
import dev.ergon.policy.LoopMode;
import dev.ergon.policy.RetryPolicy;
import dev.ergon.policy.ThreadKind;
import dev.ergon.policy.UnhandledAction;
import dev.ergon.transaction.TransactionException.Category;
import java.time.Duration;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * A random consumer run for {@link SettlementPropertyTest}: loop shape, retries, settlement policy
 * and, per transaction, what each phase does. Everything is drawn from one {@link Random}, so a
 * seed replays the same scenario; {@link #expected(Plan)} says what must become of a transaction.
 */
record SettlementScenario(
    long seed,
    LoopMode mode,
    int concurrency,
    int batchSize,
    ThreadKind threads,
    int processAttempts,
    int successAttempts,
    int exceptionAttempts,
    boolean connectorDeadLetters,
    UnhandledAction onUnhandled,
    boolean limited,
    Duration runtimeTimeout,
    Map<String, Plan> plans) {

  /** What the process phase of one transaction does. */
  enum Process {
    /** Succeeds at once. */
    OK,
    /** Fails {@code processFailures} times with a SYSTEM error, then succeeds. */
    FLAKY,
    /** Always fails with a SYSTEM error. */
    SYSTEM,
    /** Fails once with a BUSINESS error (never retried). */
    BUSINESS,
    /** Blocks until interrupted: the runtime timeout must take it over. */
    TIMEOUT
  }

  /**
   * What one transaction does in each phase.
   *
   * @param id the transaction id
   * @param process what processing does
   * @param processFailures failing attempts before processing succeeds
   * @param successFailures failing attempts of the success handler before it succeeds
   * @param handlerFailures failing attempts of the exception handler before it succeeds
   * @param settlementLost whether the channel is lost when settling it
   */
  record Plan(
      String id,
      Process process,
      int processFailures,
      int successFailures,
      int handlerFailures,
      boolean settlementLost) {}

  /**
   * What must become of one transaction.
   *
   * @param kind its outcome kind
   * @param timedOutHandled for TIMED_OUT, whether the exception handler completed
   * @param processCalls attempts of process
   * @param successCalls attempts of the success handler
   * @param handlerCalls attempts of the exception handler
   * @param handlerCategory the category the exception handler receives, or null when not called
   * @param retries the outcome's retries
   */
  record Expected(
      Outcome.Kind kind,
      boolean timedOutHandled,
      int processCalls,
      int successCalls,
      int handlerCalls,
      @Nullable Category handlerCategory,
      int retries) {}

  static final Duration RUNTIME_TIMEOUT = Duration.ofMillis(300);

  static SettlementScenario random(long seed) {
    Random r = new Random(seed);
    int n = 40 + r.nextInt(41);
    Set<Integer> timeouts = new HashSet<>();
    int timeoutCount = r.nextInt(3);
    while (timeouts.size() < timeoutCount) {
      timeouts.add(r.nextInt(n));
    }
    Map<String, Plan> plans = new LinkedHashMap<>();
    for (int i = 0; i < n; i++) {
      String id = "s" + seed + "-tx-" + i;
      plans.put(id, plan(r, id, timeouts.contains(i)));
    }
    boolean deadLetters = r.nextBoolean();
    UnhandledAction onUnhandled =
        r.nextInt(4) == 0 ? UnhandledAction.RELEASE : UnhandledAction.DEAD_LETTER;
    boolean releases = !deadLetters || onUnhandled == UnhandledAction.RELEASE;
    return new SettlementScenario(
        seed,
        r.nextBoolean() ? LoopMode.BATCH : LoopMode.CONTINUOUS,
        1 + r.nextInt(8),
        1 + r.nextInt(10),
        r.nextInt(3) == 0 ? ThreadKind.PLATFORM : ThreadKind.VIRTUAL,
        1 + r.nextInt(3),
        1 + r.nextInt(3),
        1 + r.nextInt(3),
        deadLetters,
        onUnhandled,
        // a released transaction goes back to the ready queue: only a limit keeps the loop from
        // taking it again (and again), so the limit is mandatory when releases can happen
        releases || r.nextBoolean(),
        RUNTIME_TIMEOUT,
        Collections.unmodifiableMap(plans));
  }

  private static Plan plan(Random r, String id, boolean timeout) {
    Process process;
    int processFailures = 0;
    if (timeout) {
      process = Process.TIMEOUT;
    } else {
      int p = r.nextInt(100);
      if (p < 45) {
        process = Process.OK;
      } else if (p < 60) {
        process = Process.FLAKY;
        processFailures = 1 + r.nextInt(3);
      } else if (p < 80) {
        process = Process.SYSTEM;
        processFailures = Integer.MAX_VALUE;
      } else {
        process = Process.BUSINESS;
      }
    }
    int successFailures = r.nextInt(4) == 0 ? 1 + r.nextInt(3) : 0;
    int handlerFailures = r.nextInt(4) == 0 ? 1 + r.nextInt(3) : 0;
    boolean lost = r.nextInt(10) == 0;
    return new Plan(id, process, processFailures, successFailures, handlerFailures, lost);
  }

  /** The transaction ids, in the order they wait in the source. */
  List<String> ids() {
    return List.copyOf(plans.keySet());
  }

  Set<String> lostIds() {
    Set<String> lost = new HashSet<>();
    plans.values().stream().filter(Plan::settlementLost).forEach(p -> lost.add(p.id()));
    return lost;
  }

  boolean deadLetters() {
    return connectorDeadLetters && onUnhandled == UnhandledAction.DEAD_LETTER;
  }

  ConsumerPolicy policy() {
    ConsumerPolicy.Builder b =
        ConsumerPolicy.builder("property")
            .mode(mode)
            .concurrency(concurrency)
            .batchSize(batchSize)
            .threads(threads)
            .runtimeTimeout(runtimeTimeout)
            .processRetry(RetryPolicy.builder().maxAttempts(processAttempts).build())
            .successRetry(RetryPolicy.builder().maxAttempts(successAttempts).build())
            .exceptionRetry(RetryPolicy.builder().maxAttempts(exceptionAttempts).build())
            .onUnhandled(onUnhandled);
    if (limited) {
      b.limit((long) plans.size());
    }
    return b.build();
  }

  /** The outcome, call counts and retries that the behaviour rules give for {@code p}. */
  Expected expected(Plan p) {
    int processCalls =
        switch (p.process()) {
          case OK, BUSINESS, TIMEOUT -> 1;
          case FLAKY, SYSTEM -> Math.min(p.processFailures(), processAttempts - 1) + 1;
        };
    boolean processed =
        p.process() == Process.OK
            || (p.process() == Process.FLAKY && p.processFailures() < processAttempts);
    int successCalls = processed ? Math.min(p.successFailures(), successAttempts - 1) + 1 : 0;
    boolean succeeded = processed && p.successFailures() < successAttempts;
    int handlerCalls = succeeded ? 0 : Math.min(p.handlerFailures(), exceptionAttempts - 1) + 1;
    boolean handled = p.handlerFailures() < exceptionAttempts;
    @Nullable Category category =
        switch (p.process()) {
          case TIMEOUT -> Category.TIMEOUT;
          case BUSINESS -> Category.BUSINESS;
          default -> succeeded ? null : Category.SYSTEM;
        };
    Outcome.Kind kind;
    if (p.settlementLost()) {
      kind = Outcome.Kind.REDELIVER;
    } else if (p.process() == Process.TIMEOUT) {
      kind = Outcome.Kind.TIMED_OUT;
    } else if (succeeded) {
      kind = Outcome.Kind.SUCCEEDED;
    } else {
      kind = handled ? Outcome.Kind.FAILED_HANDLED : Outcome.Kind.FAILED_UNHANDLED;
    }
    int retries =
        (processCalls - 1) + Math.max(successCalls - 1, 0) + Math.max(handlerCalls - 1, 0);
    return new Expected(kind, handled, processCalls, successCalls, handlerCalls, category, retries);
  }

  @Override
  public String toString() {
    return "seed "
        + seed
        + ": "
        + plans.size()
        + " transactions, mode="
        + mode
        + " concurrency="
        + concurrency
        + " batch="
        + batchSize
        + " threads="
        + threads
        + " attempts(process/success/exception)="
        + processAttempts
        + "/"
        + successAttempts
        + "/"
        + exceptionAttempts
        + " deadLetter="
        + connectorDeadLetters
        + " onUnhandled="
        + onUnhandled
        + " limited="
        + limited;
  }
}
