package dev.ergon.transaction.internal;

import java.security.SecureRandom;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Generates time-ordered unique ids in the UUIDv7 layout: 48 bits of Unix milliseconds, then a
 * counter that keeps ids from one JVM strictly increasing, then random bits.
 */
public final class TransactionIds {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final AtomicLong LAST = new AtomicLong();

  private TransactionIds() {}

  /**
   * The next id.
   *
   * @return a UUIDv7 string
   */
  public static String next() {
    // 48-bit millis + 12-bit sequence, kept monotonic across calls in this JVM.
    long now = System.currentTimeMillis() << 12;
    long stamp = LAST.updateAndGet(prev -> Math.max(prev + 1, now));
    long millis = stamp >>> 12;
    long seq = stamp & 0xFFF;
    long msb = (millis << 16) | 0x7000L | seq;
    long lsb = (RANDOM.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
    return new UUID(msb, lsb).toString();
  }
}
