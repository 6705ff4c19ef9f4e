package dev.ergon.telemetry;

/**
 * How a console or file handler writes a record.
 *
 * <p>Both formats carry {@code trace_id} and {@code span_id} (when a span is current) and, inside a
 * transaction's lifecycle, {@code transaction_id} and {@code task}.
 */
public enum LogFormat {
  /** One human-readable line per record, laid out by {@link LoggingConfig#pattern()}. */
  PLAIN,
  /** One JSON object per line (see the module README for the fields). */
  JSON
}
