package dev.ergon.bench.scenario;

import dev.ergon.engine.Engine;
import dev.ergon.engine.Outcome;
import dev.ergon.engine.RunReport;
import dev.ergon.policy.ConsumerPolicy;
import dev.ergon.policy.LoopMode;
import dev.ergon.policy.ThreadKind;
import dev.ergon.transaction.Transaction;
import io.opentelemetry.api.OpenTelemetry;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The per-transaction lifecycle as a JMH microbenchmark, so that a regression in the engine's own
 * cost shows: process + success handler + acknowledge on the bench's in-memory connector, with
 * telemetry off.
 *
 * <ul>
 *   <li>{@link #oneTransaction}: {@code Engine.process} on one transaction (the lifecycle without a
 *       loop: retry envelopes, timeout guard, outcome, settlement).
 *   <li>{@link #loop}: a consumer loop draining {@value #PER_LOOP} transactions, per transaction,
 *       in each thread kind and loop mode at concurrency 8, batch 100 (S1's settings).
 * </ul>
 *
 * <p>Run with {@code ./ergon bench jmh} (any JMH options follow, e.g. {@code ./ergon bench jmh -f 1
 * -wi 3 -i 5 LifecycleBenchmark.loop}).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class LifecycleBenchmark {
  /** Transactions per {@link #loop} invocation. */
  public static final int PER_LOOP = 20_000;

  /** The thread kind of {@link #loop}. */
  @Param({"PLATFORM", "VIRTUAL"})
  public String threads = "PLATFORM";

  /** The loop mode of {@link #loop}. */
  @Param({"BATCH", "CONTINUOUS"})
  public String mode = "BATCH";

  private final Transaction one = Transaction.of("tx-0", Map.of("n", 0));
  private final List<Transaction> many = Transactions.of(PER_LOOP);
  private Engine engine = Engine.builder("bench").openTelemetry(OpenTelemetry.noop()).build();
  private ConsumerPolicy policy = InMemoryScenario.policy(ThreadKind.PLATFORM, LoopMode.BATCH);
  private QueueConnector source = new QueueConnector(List.of(), null);
  private final NoopHooks hooks = new NoopHooks();

  /** Builds the engine and the policy of this parameter set. */
  @Setup(Level.Trial)
  public void setUp() {
    engine = Engine.builder("bench").openTelemetry(OpenTelemetry.noop()).build();
    policy =
        InMemoryScenario.policy(
            ThreadKind.valueOf(threads.toUpperCase(Locale.ROOT)),
            LoopMode.valueOf(mode.toUpperCase(Locale.ROOT)));
    source = new QueueConnector(List.of(), null);
  }

  /** Refills the source before each loop (not timed). */
  @Setup(Level.Invocation)
  public void refill() {
    source.dispatchTransactions(many);
  }

  /** Closes the engine. */
  @TearDown(Level.Trial)
  public void tearDown() {
    engine.close();
  }

  /**
   * One transaction through {@code Engine.process}.
   *
   * @return the outcome, so that the JIT keeps the work
   * @throws InterruptedException never here
   */
  @Benchmark
  public Outcome oneTransaction() throws InterruptedException {
    return engine.process(hooks, policy, one, source, "input");
  }

  /**
   * A loop over {@value #PER_LOOP} transactions; the time is per transaction.
   *
   * @return the loop's report
   */
  @Benchmark
  @OperationsPerInvocation(PER_LOOP)
  public RunReport loop() {
    RunReport r = engine.consume(hooks, policy, source, "input");
    if (r.succeeded() < PER_LOOP) {
      throw new IllegalStateException("the loop finished " + r.succeeded() + " of " + PER_LOOP);
    }
    return r;
  }
}
