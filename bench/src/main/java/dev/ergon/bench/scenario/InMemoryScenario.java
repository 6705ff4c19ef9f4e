package dev.ergon.bench.scenario;

import dev.ergon.bench.harness.RowRunner;
import dev.ergon.engine.ConsumerHooks;
import dev.ergon.policy.ConsumerPolicy;
import dev.ergon.policy.LoopMode;
import dev.ergon.policy.ThreadKind;
import dev.ergon.test.InMemoryConnector;
import io.opentelemetry.api.OpenTelemetry;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * S1: in-memory, no-op work. The engine in each thread kind, loop mode and task shape, against
 * hand-written loops and a Camel {@code seda} route at the same concurrency, on the same queue.
 */
final class InMemoryScenario extends BaseScenario {
  static final int CONCURRENCY = 8;
  static final int BATCH = 100;

  InMemoryScenario() {
    super("s1", "S1 in-memory, no-op work", 2_000_000, 500_000, 2_000);
    for (ThreadKind threads : ThreadKind.values()) {
      for (LoopMode mode : LoopMode.values()) {
        ergon(threads, mode, false);
        ergon(threads, mode, true);
      }
    }
    row(
        "ergon-testkit",
        "Ergon, virtual, continuous, blocking, on the test kit's InMemoryConnector",
        n ->
            new ErgonPass(
                new NoopHooks(),
                policy(ThreadKind.VIRTUAL, LoopMode.CONTINUOUS),
                InMemoryConnector.of(Transactions.of(n)),
                n,
                OpenTelemetry.noop(),
                null));
    row("loop-2", "hand-written loop, 2 platform threads", drain(2));
    row("loop-8", "hand-written loop, " + CONCURRENCY + " platform threads", drain(CONCURRENCY));
    row(
        "vt-semaphore",
        "hand-written virtual thread per transaction, semaphore of " + CONCURRENCY,
        n ->
            new HandLoops.VirtualPerTransaction(
                Transactions.of(n), CONCURRENCY, InMemoryScenario::work, false));
    row(
        "camel-seda",
        "Apache Camel 4 seda route, " + CONCURRENCY + " concurrent consumers",
        n -> new CamelSedaPass(Transactions.of(n), CONCURRENCY));
  }

  private void ergon(ThreadKind threads, LoopMode mode, boolean async) {
    String t = threads.name().toLowerCase(Locale.ROOT);
    String m = mode.name().toLowerCase(Locale.ROOT);
    String shape = async ? "async" : "blocking";
    Supplier<ConsumerHooks<?>> hooks = async ? NoopHooks::async : NoopHooks::new;
    row(
        "ergon-" + t + "-" + m + "-" + shape,
        "Ergon, " + t + " threads, " + m + ", " + shape + " task",
        n ->
            new ErgonPass(
                hooks.get(),
                policy(threads, mode),
                new QueueConnector(Transactions.of(n), null),
                n,
                OpenTelemetry.noop(),
                null));
  }

  static ConsumerPolicy policy(ThreadKind threads, LoopMode mode) {
    return ConsumerPolicy.builder("bench")
        .threads(threads)
        .mode(mode)
        .concurrency(CONCURRENCY)
        .batchSize(BATCH)
        .build();
  }

  private static RowRunner drain(int threads) {
    return n -> new HandLoops.Drain(Transactions.of(n), threads, InMemoryScenario::work, false);
  }

  static void work(dev.ergon.transaction.Transaction tx) {
    NoopHooks.sink = tx.payload();
  }

  @Override
  public String settings(int transactions) {
    return String.format(
        Locale.ROOT,
        "%,d no-op transactions per pass from one preloaded in-memory queue; concurrency %d,"
            + " batch %d; telemetry off. Ratios are to the %d-thread hand-written loop.",
        transactions,
        CONCURRENCY,
        BATCH,
        CONCURRENCY);
  }

  @Override
  public String limitRow() {
    return "loop-8";
  }
}
