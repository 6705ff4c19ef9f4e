package dev.ergon.telemetry.logback;

import ch.qos.logback.classic.pattern.ClassicConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;
import java.util.Objects;

/** {@code %spanId}: the record's span id, empty outside any span. */
public final class SpanIdConverter extends ClassicConverter {
  /** For Logback. */
  public SpanIdConverter() {}

  @Override
  public String convert(ILoggingEvent event) {
    return Objects.requireNonNullElse(LogContext.spanId(event), "");
  }
}
