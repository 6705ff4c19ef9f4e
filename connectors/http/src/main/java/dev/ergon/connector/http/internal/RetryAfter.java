package dev.ergon.connector.http.internal;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/** Reads a {@code Retry-After} header: delay seconds or an HTTP-date (RFC 9110 section 10.2.3). */
public final class RetryAfter {
  private RetryAfter() {}

  /**
   * How long the server asks to wait.
   *
   * @param value the header value, or empty
   * @param now the current time, for an HTTP-date
   * @return the wait (zero for a date in the past), or empty when absent or unreadable
   */
  public static Optional<Duration> parse(Optional<String> value, Instant now) {
    if (value.isEmpty() || value.get().isBlank()) {
      return Optional.empty();
    }
    String v = value.get().trim();
    if (v.matches("\\d{1,10}")) {
      return Optional.of(Duration.ofSeconds(Long.parseLong(v)));
    }
    try {
      Instant at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
      Duration d = Duration.between(now, at);
      return Optional.of(d.isNegative() ? Duration.ZERO : d);
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }
}
