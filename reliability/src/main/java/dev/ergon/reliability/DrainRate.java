package dev.ergon.reliability;

import java.util.Locale;

/**
 * The drain rate of a backlog over time: fed the processings recorded so far at each check, it
 * prints a line at every tenth of the backlog ({@code 10 %: 100,000 in 52.1 s, 1,950/s over the
 * last tenth}) and keeps the rates of the first and the last tenth. Not thread-safe.
 */
final class DrainRate {
  private final int n;
  private final long started;
  private int tenths;
  private long lastCount;
  private long lastAt;
  private double first = Double.NaN;
  private double last = Double.NaN;

  DrainRate(int n, long startedNanos) {
    this.n = n;
    this.started = startedNanos;
    this.lastAt = startedNanos;
  }

  /** Records {@code count} processings at {@code now} (nanoTime). */
  void record(long count, long now) {
    if (n < 10 || count < (long) n * (tenths + 1) / 10) {
      return;
    }
    double rate = (count - lastCount) / ((now - lastAt) / 1e9);
    if (tenths == 0) {
      first = rate;
    }
    last = rate;
    tenths = (int) Math.min(10, count * 10 / n);
    System.err.printf(
        Locale.ROOT,
        "… backlog: %d %%: %,d in %.1f s, %,.0f/s since the last line%n",
        tenths * 10,
        count,
        (now - started) / 1e9,
        rate);
    lastCount = count;
    lastAt = now;
  }

  /** The rates of the first and last tenth, for the result's notes. */
  String summary() {
    return String.format(
        Locale.ROOT, "drain %,.0f/s in the first tenth, %,.0f/s in the last", first, last);
  }
}
