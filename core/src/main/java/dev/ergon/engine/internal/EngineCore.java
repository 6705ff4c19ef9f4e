package dev.ergon.engine.internal;

import dev.ergon.connector.Connector;
import dev.ergon.engine.ConsumerHooks;
import dev.ergon.engine.Outcome;
import dev.ergon.engine.ProducerHooks;
import dev.ergon.engine.RunReport;
import dev.ergon.policy.ConsumerPolicy;
import dev.ergon.policy.PhasePolicy;
import dev.ergon.policy.ProducerPolicy;
import dev.ergon.policy.RetryPolicy;
import dev.ergon.policy.SettlementPolicy;
import dev.ergon.policy.ThreadKind;
import dev.ergon.retry.Retry;
import dev.ergon.transaction.Transaction;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Assembles loops and lifecycles from policies; the public {@code Engine} delegates here. */
public final class EngineCore {
  private static final Logger LOG = LoggerFactory.getLogger(EngineCore.class);
  private final EngineRuntime rt;

  /**
   * Creates the core.
   *
   * @param runtime the shared runtime
   */
  public EngineCore(EngineRuntime runtime) {
    this.rt = runtime;
  }

  /**
   * Runs a consumer loop.
   *
   * @param hooks the consumer phases
   * @param policy the consumer policy
   * @param source the connector to fetch from and settle with
   * @param sourceName its configured name
   * @param probe receives the loop's state
   * @param <R> the process result type
   * @return the run report
   */
  public <R extends @Nullable Object> RunReport consume(
      ConsumerHooks<R> hooks,
      ConsumerPolicy policy,
      Connector source,
      String sourceName,
      LoopProbe probe) {
    LoopSettings settings = LoopSettings.of(policy);
    source.onConcurrency(settings.concurrency());
    prefetchWarning(source, sourceName, settings.concurrency()).ifPresent(LOG::warn);
    Lifecycle<R> lifecycle =
        lifecycle(
            Phases.of(hooks),
            policy.process(),
            policy.success(),
            policy.exception(),
            policy.transactionRuntime().timeout(),
            new Settler(source, sourceName, policy.settlement()),
            settings.threads(),
            rt.telemetry().forPolicy(policy.name()));
    Retry fetchRetry = rt.retry(policy.fetch().retry(), "fetch", ThreadKind.VIRTUAL);
    TransactionSource from =
        new TransactionSource() {
          @Override
          public List<Transaction> take(int max) throws Exception {
            return source.fetchTransactions(max);
          }

          @Override
          public boolean retryable() {
            return true;
          }
        };
    Runnable removeBacklogGauge = lifecycle.telemetry().backlog(source);
    try {
      return new LoopRunner<>(settings, from, fetchRetry, lifecycle, rt, probe).run();
    } finally {
      removeBacklogGauge.run();
    }
  }

  /**
   * Runs the producer engine over a lazily read source.
   *
   * @param hooks the producer phases
   * @param source what to produce; read lazily, a batch at a time
   * @param policy the producer policy
   * @param probe receives the loop's state
   * @param <P> the prepare result type
   * @return the run report
   */
  public <P extends @Nullable Object> RunReport produce(
      ProducerHooks<P> hooks,
      Iterator<Transaction> source,
      ProducerPolicy policy,
      LoopProbe probe) {
    LoopSettings settings = LoopSettings.of(policy);
    Lifecycle<P> lifecycle =
        lifecycle(
            Phases.of(hooks),
            policy.prepare(),
            policy.success(),
            policy.exception(),
            policy.transactionRuntime().timeout(),
            Settler.none(SettlementPolicy.defaults()),
            settings.threads(),
            rt.telemetry().forPolicy(policy.name()));
    TransactionSource from =
        new TransactionSource() {
          private @Nullable RuntimeException pending;

          @Override
          public List<Transaction> take(int max) {
            RuntimeException failed = pending;
            if (failed != null) {
              pending = null;
              throw failed;
            }
            List<Transaction> batch = new ArrayList<>(Math.min(max, 1024));
            try {
              while (batch.size() < max && source.hasNext()) {
                batch.add(source.next());
              }
            } catch (RuntimeException e) {
              if (batch.isEmpty()) {
                throw e;
              }
              pending = e; // produce what was already taken; the next take reports the failure
            }
            return batch;
          }

          @Override
          public boolean retryable() {
            return false;
          }
        };
    Retry once = rt.retry(RetryPolicy.defaults(), "source", ThreadKind.VIRTUAL);
    return new LoopRunner<>(settings, from, once, lifecycle, rt, probe).run();
  }

  /**
   * Runs the consumer lifecycle once, with retries, the runtime timeout and settlement.
   *
   * @param hooks the consumer phases
   * @param policy the consumer policy
   * @param tx the transaction
   * @param source the connector it came from, or null (nothing is settled then)
   * @param sourceName the connector's name
   * @param <R> the process result type
   * @return the outcome
   * @throws InterruptedException when the calling thread is interrupted while waiting
   */
  public <R extends @Nullable Object> Outcome processOne(
      ConsumerHooks<R> hooks,
      ConsumerPolicy policy,
      Transaction tx,
      @Nullable Connector source,
      String sourceName)
      throws InterruptedException {
    ThreadKind threads = policy.loop().concurrency().threads();
    Settler settler =
        source == null
            ? Settler.none(policy.settlement())
            : new Settler(source, sourceName, policy.settlement());
    Lifecycle<R> lifecycle =
        lifecycle(
            Phases.of(hooks),
            policy.process(),
            policy.success(),
            policy.exception(),
            policy.transactionRuntime().timeout(),
            settler,
            threads,
            rt.telemetry().forPolicy(policy.name()));
    ExecutorService executor = rt.transactionExecutor(threads);
    try {
      return TransactionRun.startTimed(
              tx,
              lifecycle,
              rt.taskName(),
              rt.listener(),
              executor,
              rt.timer(),
              policy.transactionRuntime().timeout())
          .get();
    } catch (ExecutionException e) {
      throw new IllegalStateException("a transaction run never fails its future", e);
    } finally {
      executor.shutdown();
    }
  }

  /**
   * The warning to log when {@code source}'s configured prefetch exceeds the loop's concurrency.
   *
   * @param source the connector
   * @param sourceName its configured name
   * @param concurrency the loop's concurrency
   * @return the warning, or empty when the prefetch is unknown or within bounds
   */
  static Optional<String> prefetchWarning(Connector source, String sourceName, int concurrency) {
    OptionalInt prefetch = source.configuredPrefetch();
    if (prefetch.isEmpty() || prefetch.getAsInt() <= concurrency) {
      return Optional.empty();
    }
    return Optional.of(
        "connector '"
            + sourceName
            + "': prefetch "
            + prefetch.getAsInt()
            + " exceeds loop concurrency "
            + concurrency
            + "; deliveries beyond it wait unprocessed. Set the prefetch to the concurrency.");
  }

  private <R extends @Nullable Object> Lifecycle<R> lifecycle(
      Phases<R> phases,
      PhasePolicy first,
      PhasePolicy success,
      PhasePolicy exception,
      @Nullable Duration runtimeTimeout,
      Settler settler,
      ThreadKind threads,
      LoopTelemetry telemetry) {
    RetryPolicy handler = exception.retry();
    // After a runtime timeout the exception handler must end too: without a timeout of its own,
    // each of its attempts gets the runtime timeout again.
    RetryPolicy afterTimeout =
        handler.timeout() != null || runtimeTimeout == null
            ? handler
            : handler.toBuilder().timeout(runtimeTimeout).build();
    return new Lifecycle<>(
        phases,
        rt.retry(first.retry(), phases.firstPhaseName(), threads)
            .withListener(telemetry.retries(phases.firstPhaseName())),
        rt.retry(success.retry(), "success", threads).withListener(telemetry.retries("success")),
        rt.retry(handler, "exception", threads).withListener(telemetry.retries("exception")),
        rt.retry(afterTimeout, "exception", threads).withListener(telemetry.retries("exception")),
        settler,
        telemetry);
  }
}
