package dev.ergon.telemetry.logback;

import ch.qos.logback.classic.pattern.ClassicConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;
import java.util.Objects;

/** {@code %traceId}: the record's trace id, empty outside any span. */
public final class TraceIdConverter extends ClassicConverter {
  /** For Logback. */
  public TraceIdConverter() {}

  @Override
  public String convert(ILoggingEvent event) {
    return Objects.requireNonNullElse(LogContext.traceId(event), "");
  }
}
