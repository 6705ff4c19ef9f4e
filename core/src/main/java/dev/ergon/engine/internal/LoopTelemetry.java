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
import java.util.Map;
import java.util.concurrent.Callable;
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

  private final Telemetry t;
  private final Attributes base;
  private final String policy;

  LoopTelemetry(Telemetry telemetry, String policy) {
    this.t = telemetry;
    this.policy = policy;
    this.base = Attributes.of(Telemetry.TASK, telemetry.taskName, Telemetry.POLICY, policy);
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
      t.fetches.add(1, base.toBuilder().put(Telemetry.RESULT, "empty").build());
      t.emptyPolls.add(1, base);
      return;
    }
    t.fetches.add(1, base.toBuilder().put(Telemetry.RESULT, "ok").build());
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
    t.fetches.add(1, base.toBuilder().put(Telemetry.RESULT, "error").build());
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
   * Starts the span of one transaction as a child of the current context (the batch), or of the
   * trace context in its metadata when the continuation says so (else linked to it).
   */
  Span startTransaction(Transaction tx, boolean single) {
    t.inFlight.add(1, base);
    SpanBuilder b = span("ergon.transaction").setAttribute(Telemetry.TRANSACTION_ID, tx.id());
    if (t.enabled && !tx.metadata().isEmpty()) {
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
    String kind = outcome.kind().name().toLowerCase(java.util.Locale.ROOT);
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
    Attributes withOutcome = base.toBuilder().put(Telemetry.OUTCOME, kind).build();
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
    Context parent = Context.current();
    AtomicInteger attempt = new AtomicInteger();
    Attributes phaseAttrs = base.toBuilder().put(Telemetry.PHASE, phase).build();
    AttemptSpans mode = t.options.attemptSpans();
    return () -> {
      long n = attempt.incrementAndGet();
      Instant started = mode == AttemptSpans.FAILURES && t.enabled ? Instant.now() : null;
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
        record(phaseAttrs, "ok", t0);
        span.end();
        return value;
      } catch (Throwable e) {
        record(phaseAttrs, "error", t0);
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

  private void record(Attributes phaseAttrs, String result, long t0) {
    Attributes a = phaseAttrs.toBuilder().put(Telemetry.RESULT, result).build();
    t.attempts.add(1, a);
    t.attemptDuration.record((System.nanoTime() - t0) / 1e9, a);
  }

  /** Counts retries and records each backoff as an event on the current (transaction) span. */
  RetryListener retries(String phase) {
    Attributes phaseAttrs = base.toBuilder().put(Telemetry.PHASE, phase).build();
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
