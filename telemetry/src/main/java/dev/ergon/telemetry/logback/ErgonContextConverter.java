package dev.ergon.telemetry.logback;

import ch.qos.logback.classic.pattern.ClassicConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;
import org.jspecify.annotations.Nullable;

/**
 * {@code %ergonContext}: the correlation fields that are set, each preceded by a space, e.g. {@code
 * " trace_id=4bf92f3577b34da6a3ce929d0e0e4736 span_id=00f067aa0ba902b7 transaction_id=tx-1
 * task=orders"}; empty outside any span and lifecycle.
 */
public final class ErgonContextConverter extends ClassicConverter {
  /** For Logback. */
  public ErgonContextConverter() {}

  @Override
  public String convert(ILoggingEvent event) {
    StringBuilder b = new StringBuilder(128);
    append(b, LogContext.TRACE_ID, LogContext.traceId(event));
    append(b, LogContext.SPAN_ID, LogContext.spanId(event));
    append(b, LogContext.TRANSACTION_ID, LogContext.transactionId(event));
    append(b, LogContext.TASK, LogContext.task(event));
    return b.toString();
  }

  private static void append(StringBuilder b, String key, @Nullable String value) {
    if (value != null) {
      b.append(' ').append(key).append('=').append(value);
    }
  }
}
