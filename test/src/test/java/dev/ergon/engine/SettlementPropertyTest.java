package dev.ergon.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ergon.engine.Outcome.Disposition;
import dev.ergon.engine.SettlementScenario.Expected;
import dev.ergon.engine.SettlementScenario.Plan;
import dev.ergon.engine.SettlementScenario.Process;
import dev.ergon.policy.ConsumerPolicy;
import dev.ergon.policy.RetryPolicy;
import dev.ergon.task.TaskConfig;
import dev.ergon.test.InMemoryConnector;
import dev.ergon.test.Settlement;
import dev.ergon.time.StopSignal;
import dev.ergon.transaction.Transaction;
import dev.ergon.transaction.TransactionException;
import dev.ergon.transaction.TransactionException.Category;
import dev.ergon.transaction.TransactionTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The "nothing is lost" property (behaviour.md §3, §5): whatever mix of successes, retried and
 * business failures, runtime timeouts, failing handlers and lost channels a run meets, with any
 * loop shape, every transaction ends with exactly one outcome, is settled at most once, ends in
 * exactly one place of the source, and the outcome agrees with that place and with the report.
 *
 * <p>Each seed builds one random scenario ({@link SettlementScenario}); replay a failing one with
 * {@code -Dergon.seed=N}.
 */
class SettlementPropertyTest {
  private final CountDownLatch never = new CountDownLatch(1);

  @AfterEach
  void releaseStuckTransactions() {
    never.countDown();
  }

  static LongStream seeds() {
    String one = System.getProperty("ergon.seed");
    return one == null ? LongStream.rangeClosed(1, 30) : LongStream.of(Long.parseLong(one));
  }

  /** What the run did, as observed from outside the engine. */
  private record Observed(
      WorkerResult result,
      Map<String, Outcome> outcomes,
      Map<String, AtomicInteger> listenerCalls,
      Script script,
      Map<String, List<TransactionException>> handlerErrors) {}

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void everyTransactionEndsOnceAndInExactlyOnePlace(long seed) {
    SettlementScenario s = SettlementScenario.random(seed);
    LosingChannelConnector source = source(s);

    Observed run = run(s, source, Integer.MAX_VALUE);

    assertThat(run.result().failure()).as("%s: execute() failure", s).isNull();
    assertEveryTransactionHasExactlyOneOutcome(s, run);
    for (String id : s.ids()) {
      assertSettledOnceInOnePlace(s, id, run.outcomes().get(id), source, false);
      assertOutcomeFollowsThePlan(s, s.plans().get(id), run);
    }
    assertTheSourceHoldsNothingInFlight(s, source.delegate());
    assertTheReportAddsUp(s, run);
  }

  static LongStream stopSeeds() {
    String one = System.getProperty("ergon.seed");
    return one == null ? LongStream.rangeClosed(101, 115) : LongStream.of(Long.parseLong(one));
  }

  /**
   * A stop in the middle of the run (behaviour.md §8): in-flight transactions finish or are given
   * back, fetched-but-unstarted ones are released without user code seeing them, and still nothing
   * is lost or settled twice.
   */
  @ParameterizedTest(name = "seed {0}")
  @MethodSource("stopSeeds")
  void aStopMidRunLosesNothingAndSettlesNothingTwice(long seed) {
    SettlementScenario s = SettlementScenario.random(seed);
    int stopAfter = 1 + new Random(seed * 31).nextInt(s.ids().size() / 3);
    LosingChannelConnector source = source(s);

    Observed run = run(s, source, stopAfter);

    String what = s + " stopAfter=" + stopAfter;
    assertThat(run.result().failure()).as("%s: execute() failure", what).isNull();
    RunReport report = run.result().reports().get(0);
    assertThat(report.endReason()).as("%s: end reason", what).isEqualTo(EndReason.STOPPED);
    assertThat(run.outcomes()).as("%s: outcomes", what).hasSizeGreaterThanOrEqualTo(stopAfter);
    run.listenerCalls()
        .forEach(
            (id, calls) ->
                assertThat(calls.get()).as("%s: outcome listener calls for %s", what, id).isOne());
    InMemoryConnector queue = source.delegate();
    long releasedUnstarted = 0;
    for (String id : s.ids()) {
      Outcome outcome = run.outcomes().get(id);
      if (outcome != null) {
        assertSettledOnceInOnePlace(s, id, outcome, source, true);
        continue;
      }
      // never started: user code never saw it, and it is back in the source
      assertThat(run.script().processCalls(id))
          .as("%s: process calls of unstarted %s", what, id)
          .isZero();
      assertThat(count(queue.ready(), id)).as("%s: unstarted %s in ready", what, id).isOne();
      assertThat(queue.deliveryCount(id))
          .as("%s: deliveries of %s", what, id)
          .isLessThanOrEqualTo(1);
      assertThat(source.settleCalls(id))
          .as("%s: settlement calls for %s", what, id)
          .isEqualTo(queue.deliveryCount(id));
      if (queue.deliveryCount(id) == 1) {
        releasedUnstarted++;
        List<Settlement> log = log(queue, id);
        if (s.lostIds().contains(id)) {
          assertThat(log).as("%s: settlement log of unstarted %s", what, id).isEmpty();
        } else {
          assertThat(log)
              .as("%s: settlement log of unstarted %s", what, id)
              .containsExactly(Settlement.released(id));
        }
      }
    }
    assertTheSourceHoldsNothingInFlight(s, queue);
    assertThat(report.processed()).as("%s: processed", what).isEqualTo(run.outcomes().size());
    assertThat(report.released()).as("%s: released unstarted", what).isEqualTo(releasedUnstarted);
    assertThat(report.processed() + report.released())
        .as("%s: processed + released", what)
        .isEqualTo(report.fetched());
  }

  /** Runs one transaction whose exception handler stops the run, then fails, with retries left. */
  private Outcome stopDuringExceptionHandlerRetries(
      Script script, InMemoryConnector queue, boolean timeout) {
    StopSignal stop = new StopSignal();
    Map<String, Outcome> outcomes = new ConcurrentHashMap<>();
    script
        .process(
            tx -> {
              if (timeout) {
                never.await();
              }
              throw new IllegalStateException("boom");
            })
        .exception(
            (tx, e) -> {
              stop.stop();
              throw new IllegalStateException("handler failed while stopping");
            });
    queue.add(Transaction.of("tx-1", "p"));
    TaskConfig config =
        TaskConfig.builder("stop")
            .task(() -> new ScriptedConsumer(script))
            .connector("input", () -> queue)
            .policy(
                ConsumerPolicy.builder("consumer")
                    .runtimeTimeout(Duration.ofMillis(300))
                    .exceptionRetry(RetryPolicy.builder().maxAttempts(3).build())
                    .build())
            .build();
    WorkerOptions options =
        WorkerOptions.defaults()
            .withStopSignal(stop)
            .withOutcomeListener((tx, o) -> outcomes.put(tx.id(), o));
    try (Worker worker = Worker.start(config, options)) {
      worker.execute();
    }
    return outcomes.get("tx-1");
  }

  @Test
  void aStopDuringExceptionHandlerRetriesGivesTheTransactionBack() {
    Script script = new Script();
    InMemoryConnector queue = new InMemoryConnector();

    Outcome outcome = stopDuringExceptionHandlerRetries(script, queue, false);

    assertThat(outcome).isInstanceOf(Outcome.Redeliver.class);
    assertThat(script.exceptions).hasSize(1);
    assertThat(queue.settlementLog()).containsExactly(Settlement.released("tx-1"));
  }

  @Test
  void aStopDuringExceptionHandlerRetriesAfterARuntimeTimeoutGivesTheTransactionBackToo() {
    Script script = new Script();
    InMemoryConnector queue = new InMemoryConnector();

    Outcome outcome = stopDuringExceptionHandlerRetries(script, queue, true);

    assertThat(script.exceptions).singleElement().isInstanceOf(TransactionTimeoutException.class);
    assertThat(outcome).isInstanceOf(Outcome.Redeliver.class);
    assertThat(queue.settlementLog()).containsExactly(Settlement.released("tx-1"));
    assertThat(queue.deadLettered()).isEmpty();
  }

  private static LosingChannelConnector source(SettlementScenario s) {
    InMemoryConnector queue = new InMemoryConnector();
    if (!s.connectorDeadLetters()) {
      queue.withoutDeadLetter();
    }
    s.ids().forEach(id -> queue.add(Transaction.of(id, id)));
    return new LosingChannelConnector(queue, s.lostIds());
  }

  private Observed run(SettlementScenario s, LosingChannelConnector source, int stopAfter) {
    Map<String, Outcome> outcomes = new ConcurrentHashMap<>();
    Map<String, AtomicInteger> listenerCalls = new ConcurrentHashMap<>();
    Map<String, List<TransactionException>> handlerErrors = new ConcurrentHashMap<>();
    AtomicInteger ended = new AtomicInteger();
    StopSignal stop = new StopSignal();
    Script script = script(s, handlerErrors);
    TaskConfig config =
        TaskConfig.builder("property")
            .task(() -> new ScriptedConsumer(script))
            .connector("input", () -> source)
            .policy(s.policy())
            .build();
    WorkerOptions options =
        WorkerOptions.defaults()
            .withStopSignal(stop)
            .withOutcomeListener(
                (tx, o) -> {
                  listenerCalls
                      .computeIfAbsent(tx.id(), k -> new AtomicInteger())
                      .incrementAndGet();
                  outcomes.put(tx.id(), o);
                  if (ended.incrementAndGet() == stopAfter) {
                    stop.stop();
                  }
                });
    try (Worker worker = Worker.start(config, options)) {
      WorkerResult result = worker.execute();
      return new Observed(result, Map.copyOf(outcomes), listenerCalls, script, handlerErrors);
    }
  }

  private Script script(SettlementScenario s, Map<String, List<TransactionException>> errors) {
    Script script = new Script();
    return script
        .process(
            tx -> {
              Plan p = s.plans().get(tx.id());
              int attempt = script.processCalls(tx.id());
              switch (p.process()) {
                case TIMEOUT -> never.await(); // interrupted by the runtime timeout
                case BUSINESS ->
                    throw new TransactionException("rule broken: " + tx.id(), Category.BUSINESS);
                case OK, FLAKY, SYSTEM -> {
                  if (attempt <= p.processFailures()) {
                    throw new IllegalStateException("process attempt " + attempt + " failed");
                  }
                }
              }
              return "ok:" + tx.id();
            })
        .success(
            (tx, result) -> {
              int attempt = script.successCalls(tx.id());
              if (attempt <= s.plans().get(tx.id()).successFailures()) {
                throw new IllegalStateException("success handler attempt " + attempt + " failed");
              }
            })
        .exception(
            (tx, error) -> {
              List<TransactionException> seen =
                  errors.computeIfAbsent(tx.id(), k -> new CopyOnWriteArrayList<>());
              seen.add(error);
              if (seen.size() <= s.plans().get(tx.id()).handlerFailures()) {
                throw new IllegalStateException("exception handler attempt " + seen.size());
              }
            });
  }

  private static void assertEveryTransactionHasExactlyOneOutcome(
      SettlementScenario s, Observed run) {
    assertThat(run.outcomes().keySet())
        .as("%s: transactions with an outcome", s)
        .containsExactlyInAnyOrderElementsOf(s.ids());
    run.listenerCalls()
        .forEach(
            (id, calls) ->
                assertThat(calls.get())
                    .as("%s: outcome listener calls for %s", s, id)
                    .isEqualTo(1));
    run.outcomes()
        .forEach(
            (id, o) ->
                assertThat(o.transactionId()).as("%s: outcome id of %s", s, id).isEqualTo(id));
  }

  /** The outcome and the source agree, and the transaction is in exactly one terminal place. */
  private static void assertSettledOnceInOnePlace(
      SettlementScenario s,
      String id,
      Outcome outcome,
      LosingChannelConnector source,
      boolean stopped) {
    InMemoryConnector queue = source.delegate();
    List<Settlement> log = log(queue, id);
    long acked = count(queue.acknowledged(), id);
    long deadLettered = count(queue.deadLettered(), id);
    long ready = count(queue.ready(), id);
    assertThat(queue.deliveryCount(id)).as("%s: deliveries of %s", s, id).isEqualTo(1);
    assertThat(source.settleCalls(id)).as("%s: settlement calls for %s", s, id).isEqualTo(1);
    assertThat(log).as("%s: settlement log of %s", s, id).hasSizeLessThanOrEqualTo(1);
    assertThat(acked + deadLettered + ready)
        .as(
            "%s: terminal places of %s (acked %d, dead-lettered %d, ready %d)",
            s, id, acked, deadLettered, ready)
        .isEqualTo(1);
    Disposition expected =
        switch (outcome) {
          case Outcome.Succeeded o -> o.disposition();
          case Outcome.FailedHandled o -> o.disposition();
          case Outcome.FailedUnhandled o -> o.disposition();
          case Outcome.TimedOut o -> o.disposition();
          case Outcome.Redeliver o -> Disposition.NONE;
        };
    switch (outcome) {
      case Outcome.Succeeded o -> assertThat(expected).isEqualTo(Disposition.ACKNOWLEDGED);
      case Outcome.FailedHandled o -> assertThat(expected).isEqualTo(Disposition.ACKNOWLEDGED);
      case Outcome.TimedOut o when o.handled() ->
          assertThat(expected).as("%s: %s", s, o).isEqualTo(Disposition.ACKNOWLEDGED);
      case Outcome.TimedOut o ->
          assertThat(expected).as("%s: %s", s, o).isEqualTo(unhandledDisposition(s));
      case Outcome.FailedUnhandled o ->
          assertThat(expected).as("%s: %s", s, o).isEqualTo(unhandledDisposition(s));
      case Outcome.Redeliver o -> {}
    }
    switch (expected) {
      case ACKNOWLEDGED -> {
        assertThat(log).as("%s: %s", s, outcome).containsExactly(Settlement.acknowledged(id));
        assertThat(acked).as("%s: %s acknowledged", s, outcome).isEqualTo(1);
      }
      case DEAD_LETTERED -> {
        assertThat(log).as("%s: %s", s, outcome).containsExactly(Settlement.deadLettered(id));
        assertThat(deadLettered).as("%s: %s dead-lettered", s, outcome).isEqualTo(1);
      }
      case RELEASED -> {
        assertThat(log).as("%s: %s", s, outcome).containsExactly(Settlement.released(id));
        assertThat(ready).as("%s: %s back in the ready queue", s, outcome).isEqualTo(1);
      }
      case NONE -> {
        assertThat(outcome).as("%s: unsettled outcome", s).isInstanceOf(Outcome.Redeliver.class);
        if (stopped && !s.lostIds().contains(id)) {
          // given back because the stop cut its retries short
          assertThat(log).as("%s: %s", s, outcome).containsExactly(Settlement.released(id));
        } else {
          assertThat(log).as("%s: %s", s, outcome).isEmpty();
        }
        assertThat(ready).as("%s: %s returned on close", s, outcome).isEqualTo(1);
      }
    }
  }

  private static Disposition unhandledDisposition(SettlementScenario s) {
    return s.deadLetters() ? Disposition.DEAD_LETTERED : Disposition.RELEASED;
  }

  private static void assertOutcomeFollowsThePlan(SettlementScenario s, Plan p, Observed run) {
    Expected e = s.expected(p);
    Outcome o = run.outcomes().get(p.id());
    String what = s + ": " + p;
    assertThat(o.kind()).as("%s -> %s", what, o).isEqualTo(e.kind());
    assertThat(o.retries()).as("%s -> %s retries", what, o).isEqualTo(e.retries());
    if (o instanceof Outcome.TimedOut t) {
      assertThat(t.handled()).as("%s -> %s handled", what, o).isEqualTo(e.timedOutHandled());
    }
    assertThat(run.script().processCalls(p.id()))
        .as("%s: process calls", what)
        .isEqualTo(e.processCalls());
    assertThat(run.script().successCalls(p.id()))
        .as("%s: success handler calls", what)
        .isEqualTo(e.successCalls());
    List<TransactionException> errors = run.handlerErrors().getOrDefault(p.id(), List.of());
    assertThat(errors).as("%s: exception handler calls", what).hasSize(e.handlerCalls());
    for (TransactionException error : errors) {
      assertThat(error.category()).as("%s: error category", what).isEqualTo(e.handlerCategory());
      assertThat(error.transactionId()).as("%s: error transaction id", what).contains(p.id());
      if (p.process() == Process.TIMEOUT) {
        assertThat(error)
            .as("%s: error type", what)
            .isInstanceOf(TransactionTimeoutException.class);
      }
    }
  }

  private static void assertTheSourceHoldsNothingInFlight(
      SettlementScenario s, InMemoryConnector queue) {
    assertThat(queue.isClosed()).as("%s: source closed by the worker", s).isTrue();
    assertThat(queue.inFlight()).as("%s: in flight after close", s).isEmpty();
    assertThat(queue.acknowledged().size() + queue.deadLettered().size() + queue.ready().size())
        .as("%s: transactions accounted for", s)
        .isEqualTo(s.ids().size());
  }

  private static void assertTheReportAddsUp(SettlementScenario s, Observed run) {
    assertThat(run.result().reports()).as("%s: loop reports", s).hasSize(1);
    RunReport report = run.result().reports().get(0);
    int n = s.ids().size();
    assertThat(report.endReason())
        .as("%s: end reason", s)
        .isEqualTo(s.limited() ? EndReason.LIMIT_REACHED : EndReason.DRAINED);
    assertThat(report.fetched()).as("%s: fetched", s).isEqualTo(n);
    assertThat(report.processed() + report.released())
        .as("%s: processed + released", s)
        .isEqualTo(report.fetched());
    assertThat(report.released()).as("%s: released unstarted", s).isZero();
    for (Outcome.Kind kind : Outcome.Kind.values()) {
      long seen = run.outcomes().values().stream().filter(o -> o.kind() == kind).count();
      assertThat(report.count(kind)).as("%s: report count of %s", s, kind).isEqualTo(seen);
    }
    assertThat(report.retries())
        .as("%s: retries", s)
        .isEqualTo(run.outcomes().values().stream().mapToLong(Outcome::retries).sum());
  }

  private static List<Settlement> log(InMemoryConnector queue, String id) {
    return queue.settlementLog().stream().filter(e -> e.transactionId().equals(id)).toList();
  }

  private static long count(List<Transaction> txs, String id) {
    return txs.stream().filter(t -> t.id().equals(id)).count();
  }
}
