package dev.ergon.engine;

import dev.ergon.connector.Connector;
import dev.ergon.engine.internal.EngineCore;
import dev.ergon.engine.internal.EngineRuntime;
import dev.ergon.engine.internal.LoopProbe;
import dev.ergon.engine.internal.Telemetry;
import dev.ergon.policy.ConsumerPolicy;
import dev.ergon.policy.ProducerPolicy;
import dev.ergon.time.StopSignal;
import dev.ergon.time.TimeSource;
import dev.ergon.transaction.Transaction;
import io.opentelemetry.api.OpenTelemetry;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jspecify.annotations.Nullable;

/**
 * Runs consumer loops, producer loops and single transactions. A task reaches it through its
 * context; it can also be used directly with {@link ConsumerHooks} or {@link ProducerHooks}:
 *
 * <pre>{@code
 * try (Engine engine = Engine.builder("orders").build()) {
 *   RunReport report = engine.consume(hooks, ConsumerPolicy.defaults("consumer"), connector, "input");
 * }
 * }</pre>
 *
 * <p>Thread-safe: several loops may run at once. {@link #stop()} asks every loop to stop fetching,
 * finish what is in flight and release what it fetched but did not start.
 */
public final class Engine implements AutoCloseable {
  private final EngineRuntime runtime;
  private final EngineCore core;
  private final Map<String, LoopProbe> probes = new ConcurrentHashMap<>();
  private final List<RunReport> reports = new CopyOnWriteArrayList<>();

  private Engine(Builder b) {
    this.runtime =
        new EngineRuntime(
            b.taskName,
            b.time,
            b.stop,
            b.listener,
            new Telemetry(b.openTelemetry, b.instrumentation, b.taskName));
    this.core = new EngineCore(runtime);
  }

  /**
   * A builder for an engine serving the named task.
   *
   * @param taskName the task name, used in logs and thread names
   * @return a new builder
   */
  public static Builder builder(String taskName) {
    return new Builder(taskName);
  }

  /**
   * Runs a consumer loop until it drains, reaches its limit, times out, fails to fetch (when not
   * streaming) or is stopped.
   *
   * @param hooks the consumer phases
   * @param policy the consumer policy
   * @param source the connector to fetch from and settle with
   * @param sourceName the connector's configured name, for messages
   * @param <R> the process result type
   * @return the run report
   */
  public <R extends @Nullable Object> RunReport consume(
      ConsumerHooks<R> hooks, ConsumerPolicy policy, Connector source, String sourceName) {
    LoopProbe probe = new LoopProbe();
    probes.put(policy.name(), probe);
    return recorded(core.consume(hooks, policy, source, sourceName, probe));
  }

  /**
   * Runs the producer lifecycle over {@code source}, read lazily in batches.
   *
   * @param hooks the producer phases
   * @param source what to produce
   * @param policy the producer policy
   * @param <P> the prepare result type
   * @return the run report
   */
  public <P extends @Nullable Object> RunReport produce(
      ProducerHooks<P> hooks, Iterator<Transaction> source, ProducerPolicy policy) {
    LoopProbe probe = new LoopProbe();
    probes.put(policy.name(), probe);
    return recorded(core.produce(hooks, source, policy, probe));
  }

  /**
   * Runs the consumer lifecycle once on one transaction, with the policy's retries, runtime timeout
   * and settlement (when {@code source} is given).
   *
   * @param hooks the consumer phases
   * @param policy the consumer policy
   * @param transaction the transaction
   * @param source the connector it came from, or null
   * @param sourceName the connector's name, for messages
   * @param <R> the process result type
   * @return the outcome
   * @throws InterruptedException when interrupted while waiting for the outcome
   */
  public <R extends @Nullable Object> Outcome process(
      ConsumerHooks<R> hooks,
      ConsumerPolicy policy,
      Transaction transaction,
      @Nullable Connector source,
      String sourceName)
      throws InterruptedException {
    return core.processOne(hooks, policy, transaction, source, sourceName);
  }

  private RunReport recorded(RunReport report) {
    reports.add(report);
    return report;
  }

  /**
   * The report of every loop that ended, in the order they ended.
   *
   * @return an immutable snapshot
   */
  public List<RunReport> reports() {
    return List.copyOf(reports);
  }

  /**
   * Asks every loop to stop: no more fetches, backoff sleeps end, fetched-but-unstarted
   * transactions are released, in-flight ones finish. Idempotent.
   */
  public void stop() {
    runtime.stop().stop();
  }

  /**
   * The stop signal shared by this engine's loops and retries.
   *
   * @return the signal
   */
  public StopSignal stopSignal() {
    return runtime.stop();
  }

  /**
   * Health of every loop this engine ran or runs, by policy name: state ({@code fetching}, {@code
   * processing}, {@code idle}, {@code fetch_failing}, …) and whether it is healthy. An idle loop is
   * healthy; a streaming loop whose source keeps failing is not.
   *
   * @return an immutable map from policy name to that loop's details
   */
  public Map<String, Map<String, Object>> health() {
    Map<String, Map<String, Object>> m = new LinkedHashMap<>();
    probes.forEach((name, probe) -> m.put(name, probe.snapshot()));
    return Map.copyOf(m);
  }

  /**
   * The running loops' probes by policy name: state, last progress and the transactions in flight
   * with their start times, for liveness supervision. Not API-stable (an internal type).
   *
   * @return an immutable snapshot of the probes
   */
  public Map<String, LoopProbe> probes() {
    return Map.copyOf(probes);
  }

  /**
   * Whether every loop is healthy.
   *
   * @return false when any loop's source keeps failing
   */
  public boolean healthy() {
    return probes.values().stream().allMatch(LoopProbe::healthy);
  }

  /** Stops the timer thread. Call after every loop has returned. */
  @Override
  public void close() {
    runtime.close();
  }

  /** Builds an {@link Engine}. Not thread-safe. */
  public static final class Builder {
    private final String taskName;
    private TimeSource time = TimeSource.system();
    private StopSignal stop = new StopSignal();
    private OutcomeListener listener = OutcomeListener.NONE;
    private OpenTelemetry openTelemetry = OpenTelemetry.noop();
    private InstrumentationOptions instrumentation = InstrumentationOptions.defaults();

    private Builder(String taskName) {
      this.taskName = Objects.requireNonNull(taskName, "taskName");
    }

    /**
     * The time source for every delay (default: the system clock).
     *
     * @param value the time source
     * @return this builder
     */
    public Builder timeSource(TimeSource value) {
      this.time = Objects.requireNonNull(value, "timeSource");
      return this;
    }

    /**
     * The stop signal (default: a new one, stopped by {@link Engine#stop()}).
     *
     * @param value the signal
     * @return this builder
     */
    public Builder stopSignal(StopSignal value) {
      this.stop = Objects.requireNonNull(value, "stopSignal");
      return this;
    }

    /**
     * Receives every transaction's outcome (default: none).
     *
     * @param value the listener
     * @return this builder
     */
    public Builder outcomeListener(OutcomeListener value) {
      this.listener = Objects.requireNonNull(value, "outcomeListener");
      return this;
    }

    /**
     * The OpenTelemetry API the engine records spans and metrics with (default: no-op).
     *
     * @param value the OpenTelemetry entry point
     * @return this builder
     */
    public Builder openTelemetry(OpenTelemetry value) {
      this.openTelemetry = Objects.requireNonNull(value, "openTelemetry");
      return this;
    }

    /**
     * How the engine traces (default: {@link InstrumentationOptions#defaults()}).
     *
     * @param value the options
     * @return this builder
     */
    public Builder instrumentation(InstrumentationOptions value) {
      this.instrumentation = Objects.requireNonNull(value, "instrumentation");
      return this;
    }

    /**
     * Builds the engine.
     *
     * @return the engine
     */
    public Engine build() {
      return new Engine(this);
    }
  }
}
