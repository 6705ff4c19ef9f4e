package dev.ergon.engine.internal;

import dev.ergon.engine.InstrumentationOptions;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.metrics.DoubleHistogram;
import io.opentelemetry.api.metrics.LongCounter;
import io.opentelemetry.api.metrics.LongHistogram;
import io.opentelemetry.api.metrics.LongUpDownCounter;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.propagation.TextMapPropagator;
import java.util.List;

/**
 * The engine's OpenTelemetry instruments, created once per engine from the OpenTelemetry API (no-op
 * unless an SDK is configured). Per-loop views ({@link LoopTelemetry}) add the task and policy
 * attributes. Metric attributes are bounded: task, policy, phase, outcome, result.
 */
public final class Telemetry {
  static final String SCOPE = "dev.ergon.engine";

  static final AttributeKey<String> TASK = AttributeKey.stringKey("ergon.task.name");
  static final AttributeKey<String> POLICY = AttributeKey.stringKey("ergon.policy.name");
  static final AttributeKey<String> PHASE = AttributeKey.stringKey("ergon.phase");
  static final AttributeKey<String> OUTCOME = AttributeKey.stringKey("ergon.outcome");
  static final AttributeKey<String> RESULT = AttributeKey.stringKey("ergon.result");
  static final AttributeKey<String> TRANSACTION_ID = AttributeKey.stringKey("ergon.transaction.id");
  static final AttributeKey<Long> ATTEMPT = AttributeKey.longKey("ergon.attempt");
  static final AttributeKey<Long> BATCH_SIZE = AttributeKey.longKey("ergon.batch.size");
  static final AttributeKey<Long> RETRIES = AttributeKey.longKey("ergon.retries");
  static final AttributeKey<String> LOOP_MODE = AttributeKey.stringKey("ergon.loop.mode");
  static final AttributeKey<Boolean> STREAMING = AttributeKey.booleanKey("ergon.loop.streaming");

  final boolean enabled;
  final String taskName;
  final InstrumentationOptions options;
  final Tracer tracer;
  final Meter meter;
  final TextMapPropagator propagator;
  final LongCounter transactions;
  final DoubleHistogram transactionDuration;
  final DoubleHistogram attemptDuration;
  final LongCounter attempts;
  final LongCounter retries;
  final LongCounter fetches;
  final LongHistogram fetchSize;
  final LongCounter emptyPolls;
  final LongCounter batches;
  final LongUpDownCounter inFlight;
  final LongCounter deadLettered;
  final LongCounter redelivered;

  /**
   * Creates the instruments.
   *
   * @param otel the OpenTelemetry API entry point
   * @param options tracing options
   * @param taskName the task's name, an attribute of everything
   */
  public Telemetry(OpenTelemetry otel, InstrumentationOptions options, String taskName) {
    this.enabled = otel != OpenTelemetry.noop();
    this.taskName = taskName;
    this.options = options;
    this.tracer = otel.getTracer(SCOPE);
    this.propagator = otel.getPropagators().getTextMapPropagator();
    Meter m = otel.getMeter(SCOPE);
    this.meter = m;
    transactions =
        m.counterBuilder("ergon.transactions")
            .setDescription("Transactions whose lifecycle ended, by outcome")
            .setUnit("{transaction}")
            .build();
    transactionDuration =
        m.histogramBuilder("ergon.transaction.duration")
            .setDescription("Duration of a transaction's whole lifecycle")
            .setUnit("s")
            .build();
    attemptDuration =
        m.histogramBuilder("ergon.phase.duration")
            .setDescription("Duration of one phase attempt (process, success, exception, prepare)")
            .setUnit("s")
            .setExplicitBucketBoundariesAdvice(
                List.of(0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0))
            .build();
    attempts =
        m.counterBuilder("ergon.phase.attempts")
            .setDescription("Phase attempts, by phase and result")
            .build();
    retries = m.counterBuilder("ergon.phase.retries").setDescription("Phase retries").build();
    fetches =
        m.counterBuilder("ergon.fetches")
            .setDescription("Fetches, by result: ok, empty, error")
            .build();
    fetchSize =
        m.histogramBuilder("ergon.fetch.size")
            .setDescription("Transactions returned by a non-empty fetch")
            .ofLongs()
            .build();
    emptyPolls =
        m.counterBuilder("ergon.fetch.empty")
            .setDescription("Fetches that returned nothing")
            .build();
    batches = m.counterBuilder("ergon.batches").setDescription("Non-empty fetched batches").build();
    inFlight =
        m.upDownCounterBuilder("ergon.in_flight")
            .setDescription("Transactions whose lifecycle is running")
            .build();
    deadLettered =
        m.counterBuilder("ergon.transactions.dead_lettered")
            .setDescription("Transactions rejected to the dead-letter destination")
            .build();
    redelivered =
        m.counterBuilder("ergon.transactions.redelivered")
            .setDescription("Transactions left for the source to deliver again")
            .build();
  }

  /**
   * The instruments for one loop (or single-transaction run) of a policy.
   *
   * @param policy the policy's name
   * @return the per-loop view
   */
  public LoopTelemetry forPolicy(String policy) {
    return new LoopTelemetry(this, policy);
  }
}
