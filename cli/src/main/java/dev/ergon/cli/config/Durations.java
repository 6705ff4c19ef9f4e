package dev.ergon.cli.config;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads and writes durations the way configuration spells them: {@code 500ms}, {@code 1s}, {@code
 * 1.5s}, {@code 2m}, {@code 1h}, {@code 1d}, compounds as {@link #format} writes them ({@code
 * 1m30s}), ISO-8601 {@code PT1S}, and plain numbers as seconds.
 *
 * <pre>{@code
 * Durations.parse("500ms");              // Optional[PT0.5S]
 * Durations.format(Duration.ofSeconds(90)); // "1m30s"
 * }</pre>
 */
public final class Durations {
  private static final Pattern AMOUNT =
      Pattern.compile("([+-]?\\d+(?:\\.\\d+)?)\\s*(ns|us|ms|s|m|h|d)?");
  private static final String UNIT = "(ns|us|ms|s|m|h|d)";
  private static final Pattern PIECE = Pattern.compile("(\\d+(?:\\.\\d+)?)" + UNIT);
  private static final Pattern COMPOUND = Pattern.compile("(?:\\d+(?:\\.\\d+)?" + UNIT + ")+");

  private Durations() {}

  /**
   * Parses a duration.
   *
   * @param text the text, e.g. {@code 1s}, {@code 250ms}, {@code 1m30s}, {@code PT2M} or {@code 5}
   *     (seconds)
   * @return the duration, or empty when the text is not one
   */
  public static Optional<Duration> parse(String text) {
    String t = text.strip().toLowerCase(Locale.ROOT);
    if (t.startsWith("p") || t.startsWith("-p")) {
      try {
        return Optional.of(Duration.parse(t.toUpperCase(Locale.ROOT)));
      } catch (DateTimeParseException e) {
        return Optional.empty();
      }
    }
    Matcher m = AMOUNT.matcher(t);
    if (m.matches()) {
      return amount(m.group(1), m.group(2) == null ? "s" : m.group(2));
    }
    // compound, as format writes them: 1m30s, 1s250ms, -2h5m
    boolean negative = t.startsWith("-");
    String rest = negative ? t.substring(1) : t;
    if (!COMPOUND.matcher(rest).matches()) {
      return Optional.empty();
    }
    Duration sum = Duration.ZERO;
    Matcher piece = PIECE.matcher(rest);
    while (piece.find()) {
      Optional<Duration> d = amount(piece.group(1), piece.group(2));
      if (d.isEmpty()) {
        return Optional.empty();
      }
      try {
        sum = sum.plus(d.get());
      } catch (ArithmeticException e) {
        return Optional.empty();
      }
    }
    return Optional.of(negative ? sum.negated() : sum);
  }

  private static Optional<Duration> amount(String number, String unit) {
    long nanosPerUnit =
        switch (unit) {
          case "ns" -> 1L;
          case "us" -> 1_000L;
          case "ms" -> 1_000_000L;
          case "s" -> 1_000_000_000L;
          case "m" -> 60_000_000_000L;
          case "h" -> 3_600_000_000_000L;
          default -> 86_400_000_000_000L;
        };
    try {
      BigDecimal nanos = new BigDecimal(number).multiply(BigDecimal.valueOf(nanosPerUnit));
      return Optional.of(
          Duration.ofNanos(nanos.setScale(0, java.math.RoundingMode.HALF_UP).longValueExact()));
    } catch (ArithmeticException e) {
      return Optional.empty();
    }
  }

  /**
   * Seconds as a duration, for numeric configuration values.
   *
   * @param seconds whole or fractional seconds
   * @return the duration, or empty when it does not fit
   */
  public static Optional<Duration> ofSeconds(double seconds) {
    if (Double.isNaN(seconds) || Double.isInfinite(seconds) || Math.abs(seconds) > 9.2e9) {
      return Optional.empty();
    }
    return Optional.of(Duration.ofNanos(Math.round(seconds * 1e9)));
  }

  /**
   * Writes a duration compactly: {@code 0s}, {@code 500ms}, {@code 18s}, {@code 1m30s}, {@code 2h},
   * {@code 1s250ms}.
   *
   * @param d the duration, zero or more
   * @return the text
   */
  public static String format(Duration d) {
    if (d.isZero()) {
      return "0s";
    }
    if (d.isNegative()) {
      return "-" + format(d.negated());
    }
    StringBuilder sb = new StringBuilder();
    append(sb, d.toDaysPart(), "d");
    append(sb, d.toHoursPart(), "h");
    append(sb, d.toMinutesPart(), "m");
    append(sb, d.toSecondsPart(), "s");
    append(sb, d.toMillisPart(), "ms");
    if (sb.isEmpty()) {
      sb.append(d.toNanosPart() / 1_000).append("us");
    }
    return sb.toString();
  }

  private static void append(StringBuilder sb, long amount, String unit) {
    if (amount > 0) {
      sb.append(amount).append(unit);
    }
  }
}
