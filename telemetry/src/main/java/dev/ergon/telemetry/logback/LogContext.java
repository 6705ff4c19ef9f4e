package dev.ergon.telemetry.logback;

import ch.qos.logback.classic.spi.ILoggingEvent;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import org.jspecify.annotations.Nullable;

/**
 * The correlation fields of a log record: {@code trace_id} and {@code span_id} from the MDC the
 * engine fills inside a transaction's lifecycle, else from the span current on the logging thread
 * (the loop's, the fetch's, or one of the user's); {@code transaction_id} and {@code task} from the
 * MDC. Fields that are not set are null.
 *
 * <p>The fallback to the current span is read when the record is encoded, which for Logback's
 * synchronous appenders is on the logging thread; behind an {@code AsyncAppender} only the MDC
 * values are kept.
 */
public final class LogContext {
  /** The MDC key and field name of the trace id. */
  public static final String TRACE_ID = "trace_id";

  /** The MDC key and field name of the span id. */
  public static final String SPAN_ID = "span_id";

  /** The MDC key and field name of the transaction id. */
  public static final String TRANSACTION_ID = "transaction_id";

  /** The MDC key and field name of the task's name. */
  public static final String TASK = "task";

  private LogContext() {}

  /**
   * The record's trace id.
   *
   * @param event the record
   * @return 32 hex digits, or null outside any span
   */
  public static @Nullable String traceId(ILoggingEvent event) {
    String v = event.getMDCPropertyMap().get(TRACE_ID);
    if (v != null) {
      return v;
    }
    SpanContext sc = Span.current().getSpanContext();
    return sc.isValid() ? sc.getTraceId() : null;
  }

  /**
   * The record's span id.
   *
   * @param event the record
   * @return 16 hex digits, or null outside any span
   */
  public static @Nullable String spanId(ILoggingEvent event) {
    String v = event.getMDCPropertyMap().get(SPAN_ID);
    if (v != null) {
      return v;
    }
    SpanContext sc = Span.current().getSpanContext();
    return sc.isValid() ? sc.getSpanId() : null;
  }

  /**
   * The record's transaction id.
   *
   * @param event the record
   * @return the id, or null outside a lifecycle
   */
  public static @Nullable String transactionId(ILoggingEvent event) {
    return event.getMDCPropertyMap().get(TRANSACTION_ID);
  }

  /**
   * The record's task name.
   *
   * @param event the record
   * @return the name, or null outside a lifecycle
   */
  public static @Nullable String task(ILoggingEvent event) {
    return event.getMDCPropertyMap().get(TASK);
  }
}
