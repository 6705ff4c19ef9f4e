package dev.ergon.bench.scenario;

import dev.ergon.bench.harness.Latencies;
import dev.ergon.engine.Engine;
import dev.ergon.policy.ConsumerPolicy;
import dev.ergon.policy.LoopMode;
import dev.ergon.policy.ThreadKind;
import dev.ergon.transaction.Transaction;
import dev.ergon.transaction.TransactionException;
import io.opentelemetry.api.OpenTelemetry;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import org.jspecify.annotations.Nullable;

/**
 * S2: IO-bound work, a 20 ms sleep per transaction at concurrency 1,000: the engine on virtual
 * threads against the ideal (concurrency / latency) and a pool of 1,000 platform threads.
 */
final class IoBoundScenario extends BaseScenario {
  static final int CONCURRENCY = 1_000;
  static final int SLEEP_MS = 20;
  static final int BATCH = 100;

  IoBoundScenario() {
    super("s2", "S2 IO-bound, 20 ms per transaction", 250_000, 50_000, 2_000);
    computed("ideal", "ideal: concurrency / latency (computed)", CONCURRENCY * 1000.0 / SLEEP_MS);
    row("ergon-virtual", "Ergon, virtual threads, continuous", ErgonIo::new);
    row("platform-pool", "hand-written pool of 1,000 platform threads", PoolIo::new);
  }

  static void sleep(Transaction tx) throws InterruptedException {
    Thread.sleep(SLEEP_MS);
  }

  static ConsumerPolicy policy() {
    return ConsumerPolicy.builder("bench")
        .threads(ThreadKind.VIRTUAL)
        .mode(LoopMode.CONTINUOUS)
        .concurrency(CONCURRENCY)
        .batchSize(BATCH)
        .build();
  }

  /** The engine's pass; latency is fetch to acknowledgement, as the connector sees it. */
  static final class ErgonIo extends ErgonPass {
    ErgonIo(int n) {
      this(n, new Latencies(n));
    }

    private ErgonIo(int n, Latencies lat) {
      super(
          new SleepHooks(null, null),
          policy(),
          new QueueConnector(Transactions.of(n), lat),
          n,
          OpenTelemetry.noop(),
          lat);
    }

    @Override
    public double extra() throws Exception {
      QueueConnector parked = new QueueConnector(Transactions.of(CONCURRENCY), null);
      return InFlightHeap.bytesPerInFlight(
          CONCURRENCY,
          (arrived, release) -> {
            Engine engine = Engine.builder("probe").build();
            Thread loop =
                Thread.ofPlatform()
                    .start(
                        () ->
                            engine.consume(
                                new SleepHooks(arrived, release), policy(), parked, "input"));
            return () -> {
              loop.join();
              engine.close();
            };
          });
    }
  }

  /** The 1,000-thread pool; latency is poll to done. */
  static final class PoolIo extends HandLoops.Drain {
    PoolIo(int n) {
      super(Transactions.of(n), CONCURRENCY, IoBoundScenario::sleep, true);
    }

    @Override
    public double extra() throws Exception {
      List<Transaction> parked = Transactions.of(CONCURRENCY);
      return InFlightHeap.bytesPerInFlight(
          CONCURRENCY,
          (arrived, release) -> {
            HandLoops.Drain pool =
                new HandLoops.Drain(
                    parked,
                    CONCURRENCY,
                    tx -> {
                      arrived.countDown();
                      release.await();
                    },
                    false);
            Thread runner = Thread.ofPlatform().start(() -> runQuietly(pool));
            return runner::join;
          });
    }

    private static void runQuietly(HandLoops.Drain pool) {
      try {
        pool.run();
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }
  }

  /** Sleeps 20 ms, or parks on a latch for the in-flight heap probe. */
  private record SleepHooks(@Nullable CountDownLatch arrived, @Nullable CountDownLatch release)
      implements dev.ergon.engine.ConsumerHooks<@Nullable Object> {
    @Override
    public @Nullable Object processTransaction(Transaction tx) throws InterruptedException {
      if (arrived != null && release != null) {
        arrived.countDown();
        release.await();
      } else {
        sleep(tx);
      }
      return null;
    }

    @Override
    public void handleProcessSuccess(Transaction tx, @Nullable Object result) {}

    @Override
    public void handleProcessException(Transaction tx, TransactionException error) {
      throw new IllegalStateException("benchmark transaction failed: " + error, error);
    }
  }

  @Override
  public String settings(int transactions) {
    return String.format(
        Locale.ROOT,
        "%,d transactions per pass, each sleeping %d ms; concurrency %,d, batch %d. Latency: fetch"
            + " (or poll) to done. Heap per in-flight transaction: heap after GC with %,d parked"
            + " in their work minus heap after GC with them only queued, / %,d.",
        transactions,
        SLEEP_MS,
        CONCURRENCY,
        BATCH,
        CONCURRENCY,
        CONCURRENCY);
  }

  @Override
  public String limitRow() {
    return "ideal";
  }

  @Override
  public boolean hasLatency() {
    return true;
  }

  @Override
  public String extraHeader() {
    return "heap B/in-flight";
  }
}
