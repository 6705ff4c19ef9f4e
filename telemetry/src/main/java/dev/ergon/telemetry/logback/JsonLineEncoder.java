package dev.ergon.telemetry.logback;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.encoder.EncoderBase;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.slf4j.event.KeyValuePair;

/**
 * Writes each record as one JSON object on one line:
 *
 * <pre>{@code
 * {"timestamp":"2026-11-26T10:33:18.123Z","level":"INFO","logger":"com.example.OrderProcessor",
 *  "thread":"ergon-consumer-1","message":"processing order 42",
 *  "trace_id":"4bf92f3577b34da6a3ce929d0e0e4736","span_id":"00f067aa0ba902b7",
 *  "transaction_id":"tx-1","task":"orders"}
 * }</pre>
 *
 * <p>The correlation fields are those of {@link LogContext} (absent when not set); other MDC
 * entries and SLF4J key-value pairs follow as string fields (unless they would replace one of the
 * fields above); a throwable is written as {@code exception} (its stack trace). Nothing else: no
 * payloads.
 */
public final class JsonLineEncoder extends EncoderBase<ILoggingEvent> {
  private static final JsonFactory JSON = new JsonFactory();
  private static final Set<String> RESERVED =
      Set.of(
          "timestamp",
          "level",
          "logger",
          "thread",
          "message",
          "exception",
          LogContext.TRACE_ID,
          LogContext.SPAN_ID,
          LogContext.TRANSACTION_ID,
          LogContext.TASK);

  /** For Logback. */
  public JsonLineEncoder() {}

  @Override
  public byte @Nullable [] headerBytes() {
    return null;
  }

  @Override
  public byte[] encode(ILoggingEvent event) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(256);
    try (JsonGenerator g = JSON.createGenerator(out)) {
      g.writeStartObject();
      g.writeStringField("timestamp", Instant.ofEpochMilli(event.getTimeStamp()).toString());
      g.writeStringField("level", event.getLevel().toString());
      g.writeStringField("logger", event.getLoggerName());
      g.writeStringField("thread", event.getThreadName());
      g.writeStringField("message", event.getFormattedMessage());
      field(g, LogContext.TRACE_ID, LogContext.traceId(event));
      field(g, LogContext.SPAN_ID, LogContext.spanId(event));
      field(g, LogContext.TRANSACTION_ID, LogContext.transactionId(event));
      field(g, LogContext.TASK, LogContext.task(event));
      for (Map.Entry<String, String> e : event.getMDCPropertyMap().entrySet()) {
        if (!RESERVED.contains(e.getKey())) {
          field(g, e.getKey(), e.getValue());
        }
      }
      if (event.getKeyValuePairs() != null) {
        for (KeyValuePair kv : event.getKeyValuePairs()) {
          if (!RESERVED.contains(kv.key) && !event.getMDCPropertyMap().containsKey(kv.key)) {
            field(g, kv.key, String.valueOf(kv.value));
          }
        }
      }
      IThrowableProxy t = event.getThrowableProxy();
      if (t != null) {
        g.writeStringField("exception", ThrowableProxyUtil.asString(t));
      }
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e); // a ByteArrayOutputStream does not fail
    }
    out.write('\n');
    return out.toByteArray();
  }

  private static void field(JsonGenerator g, String name, @Nullable String value)
      throws IOException {
    if (value != null) {
      g.writeStringField(name, value);
    }
  }

  @Override
  public byte @Nullable [] footerBytes() {
    return null;
  }
}
