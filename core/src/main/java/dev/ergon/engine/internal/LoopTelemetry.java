package dev.ergon.engine.internal;

import dev.ergon.connector.Connector;
import dev.ergon.connector.UnsupportedCapabilityException;
import dev.ergon.engine.InstrumentationOptions.AttemptSpans;
import dev.ergon.engine.InstrumentationOptions.Continuation;
import dev.ergon.engine.Outcome;
import dev.ergon.retry.RetryListener;
import dev.ergon.transaction.Transaction;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.ObservableLongGauge;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.TextMapGetter;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/**
 * Spans and metrics of one loop (or single-transaction run): loop > fetch / batch > transaction >
 * phase attempt. Spans that may be empty (a fetch that returned nothing) or that are kept only on
 * failure are created after the fact with their real start time, so idle polling costs no span.
 */
public final class LoopTelemetry {
  private static final AttributeKey<Long> RECEIVED = AttributeKey.longKey("ergon.fetch.received");
  private static final AttributeKey<Long> DELAY_MS = AttributeKey.longKey("ergon.backoff.ms");
  private static final TextMapGetter<Map<String, String>> METADATA =
      (carrier, key) -> carrier == null ? null : carrier.get(key);

  private static final String[] OUTCOME_NAMES =
      java.util.Arrays.stream(Outcome.Kind.values())
          .map(k -> k.name().toLowerCase(java.util.Locale.ROOT))
          .toArray(String[]::new);

  private final Telemetry t;
  private final Attributes base;
  private final Attributes fetchOk;
  private final Attributes fetchEmpty;
  private final Attributes fetchError;
  private final Map<Outcome.Kind, Attributes> byOutcome = new EnumMap<>(Outcome.Kind.class);

  /** Per phase: the attributes of a successful and of a failed attempt. */
  private final Map<String, Attributes[]> byPhase = new ConcurrentHashMap<>();

  private final String policy;

  LoopTelemetry(Telemetry telemetry, String policy) {
    this.t = telemetry;
    this.policy = policy;
    this.base = Attributes.of(Telemetry.TASK, telemetry.taskName, Telemetry.POLICY, policy);
    // attribute sets are built once here, not per transaction on the hot path
    this.fetchOk = with(Telemetry.RESULT, "ok");
    this.fetchEmpty = with(Telemetry.RESULT, "empty");
    this.fetchError = with(Telemetry.RESULT, "error");
    for (Outcome.Kind kind : Outcome.Kind.values()) {
      byOutcome.put(kind, with(Telemetry.OUTCOME, kind.name().toLowerCase(java.util.Locale.ROOT)));
    }
  }

  private Attributes with(AttributeKey<String> key, String value) {
    return base.toBuilder().put(key, value).build();
  }

  private Attributes[] phaseAttributes(String phase) {
    return byPhase.computeIfAbsent(
        phase,
        p -> {
          Attributes a = with(Telemetry.PHASE, p);
          return new Attributes[] {
            a.toBuilder().put(Telemetry.RESULT, "ok").build(),
            a.toBuilder().put(Telemetry.RESULT, "error").build(),
            a
          };
        });
  }

  private SpanBuilder span(String name) {
    return t.tracer.spanBuilder(name).setAllAttributes(base);
  }

  Span startLoop(String mode, boolean streaming) {
    return span("ergon.loop")
        .setAttribute(Telemetry.LOOP_MODE, mode)
        .setAttribute(Telemetry.STREAMING, streaming)
        .startSpan();
  }

  /**
   * A batch span: a child of the loop, or in a streaming loop the root of its own trace linked to
   * the loop, so that an endless loop does not grow one endless trace.
   */
  Span startBatch(Span loop, int size, boolean streaming) {
    t.batches.add(1, base);
    SpanBuilder b = span("ergon.batch").setAttribute(Telemetry.BATCH_SIZE, (long) size);
    if (streaming) {
      b.setNoParent().addLink(loop.getSpanContext());
    } else {
      b.setParent(Context.current().with(loop));
    }
    return b.startSpan();
  }

  @Nullable Instant fetchStarted() {
    return t.enabled ? Instant.now() : null;
  }

  void fetched(@Nullable Instant started, int requested, int received) {
    if (received == 0) {
      t.fetches.add(1, fetchEmpty);
      t.emptyPolls.add(1, base);
      return;
    }
    t.fetches.add(1, fetchOk);
    t.fetchSize.record(received, base);
    if (started != null) {
      span("ergon.fetch")
          .setStartTimestamp(started)
          .setAttribute(Telemetry.BATCH_SIZE, (long) requested)
          .setAttribute(RECEIVED, (long) received)
          .startSpan()
          .end();
    }
  }

  void fetchFailed(@Nullable Instant started, int requested, Throwable error) {
    t.fetches.add(1, fetchError);
    if (started != null) {
      Span s =
          span("ergon.fetch")
              .setStartTimestamp(started)
              .setAttribute(Telemetry.BATCH_SIZE, (long) requested)
              .startSpan();
      s.recordException(error);
      s.setStatus(StatusCode.ERROR, String.valueOf(error.getMessage()));
      s.end();
    }
  }

  /**
   * Starts the span of one transaction as a child of {@code parent} (the batch), or of the trace
   * context in its metadata when the continuation says so (else linked to it).
   */
  Span startTransaction(Transaction tx, boolean single, Context parent) {
    t.inFlight.add(1, base);
    if (!t.enabled) {
      return Span.fromContext(parent); // the no-op API: no builder, no attributes
    }
    SpanBuilder b =
        span("ergon.transaction").setParent(parent).setAttribute(Telemetry.TRANSACTION_ID, tx.id());
    if (!tx.metadata().isEmpty()) {
      Context incoming = t.propagator.extract(Context.root(), tx.metadata(), METADATA);
      SpanContext remote = Span.fromContext(incoming).getSpanContext();
      if (remote.isValid()) {
        Continuation c = t.options.continuation();
        if (c == Continuation.PARENT || (c == Continuation.AUTO && single)) {
          b.setParent(incoming);
        } else {
          b.addLink(remote);
        }
      }
    }
    return b.startSpan();
  }

  void endTransaction(Span span, Outcome outcome, long startedNanos) {
    String kind = OUTCOME_NAMES[outcome.kind().ordinal()];
    span.setAttribute(Telemetry.OUTCOME, kind);
    span.setAttribute(Telemetry.RETRIES, (long) outcome.retries());
    Throwable error =
        switch (outcome) {
          case Outcome.Succeeded s -> null;
          case Outcome.FailedHandled f -> f.error();
          case Outcome.FailedUnhandled f -> f.error();
          case Outcome.TimedOut o -> o.error();
          case Outcome.Redeliver r -> r.cause();
        };
    if (error != null) {
      span.recordException(error);
      span.setStatus(StatusCode.ERROR, kind);
    }
    span.end();
    Attributes withOutcome = byOutcome.get(outcome.kind());
    t.transactions.add(1, withOutcome);
    t.transactionDuration.record((System.nanoTime() - startedNanos) / 1e9, withOutcome);
    t.inFlight.add(-1, base);
    if (outcome instanceof Outcome.Redeliver) {
      t.redelivered.add(1, base);
    }
    if (disposition(outcome) == Outcome.Disposition.DEAD_LETTERED) {
      t.deadLettered.add(1, base);
    }
  }

  private static Outcome.@Nullable Disposition disposition(Outcome o) {
    return switch (o) {
      case Outcome.Succeeded s -> s.disposition();
      case Outcome.FailedHandled f -> f.disposition();
      case Outcome.FailedUnhandled f -> f.disposition();
      case Outcome.TimedOut x -> x.disposition();
      case Outcome.Redeliver r -> null;
    };
  }

  /**
   * Wraps one phase's call so that each attempt gets a span (per the options) and a duration
   * metric. The span's parent is the context current now (the transaction), captured here because
   * an attempt with a timeout runs on another thread.
   */
  <T extends @Nullable Object> Callable<T> attempts(String phase, Callable<T> call) {
    if (!t.enabled) {
      return call; // no-op telemetry: no wrapper, no clock reads per attempt
    }
    Context parent = Context.current();
    AtomicInteger attempt = new AtomicInteger();
    Attributes[] phaseAttrs = phaseAttributes(phase);
    AttemptSpans mode = t.options.attemptSpans();
    return () -> {
      long n = attempt.incrementAndGet();
      Instant started = mode == AttemptSpans.FAILURES ? Instant.now() : null;
      Span span =
          mode == AttemptSpans.ALL
              ? span("ergon." + phase)
                  .setParent(parent)
                  .setAttribute(Telemetry.ATTEMPT, n)
                  .startSpan()
              : Span.getInvalid();
      long t0 = System.nanoTime();
      try (Scope ignored = parent.with(span).makeCurrent()) {
        T value = call.call();
        record(phaseAttrs[0], t0);
        span.end();
        return value;
      } catch (Throwable e) {
        record(phaseAttrs[1], t0);
        Span failed =
            started == null
                ? span
                : span("ergon." + phase)
                    .setParent(parent)
                    .setStartTimestamp(started)
                    .setAttribute(Telemetry.ATTEMPT, n)
                    .startSpan();
        failed.recordException(e);
        failed.setStatus(StatusCode.ERROR, String.valueOf(e.getMessage()));
        failed.end();
        throw e;
      }
    };
  }

  private void record(Attributes a, long t0) {
    t.attempts.add(1, a);
    t.attemptDuration.record((System.nanoTime() - t0) / 1e9, a);
  }

  /** Counts retries and records each backoff as an event on the current (transaction) span. */
  RetryListener retries(String phase) {
    Attributes phaseAttrs = phaseAttributes(phase)[2];
    return new RetryListener() {
      @Override
      public void retryScheduled(int nextAttempt, Duration delay) {
        t.retries.add(1, phaseAttrs);
        Span.current()
            .addEvent(
                "ergon.backoff",
                Attributes.of(
                    DELAY_MS,
                    delay.toMillis(),
                    Telemetry.ATTEMPT,
                    (long) nextAttempt,
                    Telemetry.PHASE,
                    phase));
      }
    };
  }

  String policy() {
    return policy;
  }

  /**
   * Reports the source's backlog ({@code ergon.backlog}) while the loop runs, when the connector
   * can count; the count is taken on the metric reader's schedule, not on the loop's thread.
   *
   * @param source the connector
   * @return removes the gauge; run it when the loop ends
   */
  Runnable backlog(Connector source) {
    if (!t.enabled) {
      return () -> {};
    }
    AtomicBoolean countable = new AtomicBoolean(true);
    ObservableLongGauge gauge =
        t.meter
            .gaugeBuilder("ergon.backlog")
            .setDescription("Transactions waiting in the source, where the connector can count")
            .ofLongs()
            .buildWithCallback(
                m -> {
                  if (!countable.get()) {
                    return;
                  }
                  try {
                    m.record(source.countTransactions(), base);
                  } catch (UnsupportedCapabilityException e) {
                    countable.set(false);
                  } catch (Exception e) {
                    // a failing count is not reported; the loop's own fetches show the failure
                  }
                });
    return gauge::close;
  }
}
