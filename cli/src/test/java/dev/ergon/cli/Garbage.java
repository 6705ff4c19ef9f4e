package dev.ergon.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.jspecify.annotations.Nullable;

/**
 * Seeded generators of bad input for the property tests: scalars of every wrong kind, garbage
 * strings (control characters, NUL, lone surrogates, huge), nested garbage. The same seed gives the
 * same cases, so that a failing case can be replayed ({@code -Dergon.fuzz.seed}). Not thread-safe.
 */
final class Garbage {
  /** The seed of a run: {@code -Dergon.fuzz.seed}, or a fixed one so that CI is reproducible. */
  static final long SEED = Long.getLong("ergon.fuzz.seed", 20261207L);

  /** How many cases each property tries: {@code -Dergon.fuzz.tries}, default {@code tries}. */
  static int tries(int fallback) {
    return Integer.getInteger("ergon.fuzz.tries", fallback);
  }

  private static final List<Object> EDGE_SCALARS =
      List.of(
          0,
          -1,
          1,
          -2147483648,
          2147483647,
          Long.MAX_VALUE,
          Long.MIN_VALUE,
          "99999999999999999999999",
          "-99999999999999999999999",
          1e308,
          -1e-308,
          "NaN",
          "Infinity",
          "-Infinity",
          "1e400",
          "",
          " ",
          "~",
          "null",
          "none",
          "true",
          "yes",
          "maybe",
          true,
          false,
          "1s",
          "-1s",
          "0s",
          "500ms",
          "PT1S",
          "P9999999999D",
          "PT-1S",
          "1.5s",
          "10y",
          "1e9h",
          "9223372036854775807s",
          "9223372036854775807ms",
          "9223372036854775807d",
          "1h2m3s",
          "s",
          "ms",
          "0x10",
          "010",
          "1_000",
          "3.0",
          "2.5",
          "+5",
          "--1",
          "consumer",
          "threads",
          "asyncio",
          "delete",
          "ack",
          "nack",
          "drain");

  private final SplittableRandom random;

  Garbage(long seed) {
    this.random = new SplittableRandom(seed);
  }

  int nextInt(int bound) {
    return random.nextInt(bound);
  }

  boolean chance(int percent) {
    return random.nextInt(100) < percent;
  }

  <T> T pick(List<T> items) {
    return items.get(random.nextInt(items.size()));
  }

  /** A scalar of any kind: edge numbers, durations, booleans, words, garbage strings. */
  Object scalar() {
    return switch (random.nextInt(6)) {
      case 0, 1, 2 -> pick(EDGE_SCALARS);
      case 3 -> random.nextLong();
      case 4 -> random.nextDouble() * Math.pow(10, random.nextInt(-20, 20));
      default -> string(40);
    };
  }

  /** A value of any shape: scalar, null, list, mapping, nested garbage. */
  @Nullable Object value(int depth) {
    int kind = random.nextInt(depth <= 0 ? 2 : 10);
    return switch (kind) {
      case 0 -> scalar();
      case 1 -> random.nextBoolean() ? scalar() : null;
      case 2, 3 -> list(depth);
      case 4, 5 -> mapping(depth);
      default -> scalar();
    };
  }

  List<@Nullable Object> list(int depth) {
    List<@Nullable Object> out = new ArrayList<>();
    for (int i = random.nextInt(4); i > 0; i--) {
      out.add(value(depth - 1));
    }
    return out;
  }

  Map<String, @Nullable Object> mapping(int depth) {
    Map<String, @Nullable Object> out = new LinkedHashMap<>();
    for (int i = random.nextInt(4); i > 0; i--) {
      out.put(key(), value(depth - 1));
    }
    return out;
  }

  /** A key: a plausible name, or garbage. */
  String key() {
    return chance(70)
        ? pick(
            List.of(
                "tasks",
                "policies",
                "loop",
                "value",
                "size",
                "retry",
                "max_attempts",
                "unknown",
                "order-processor",
                "consumer",
                "feeder",
                "audit",
                "supervision",
                "telemetry",
                "connectors",
                "services"))
        : string(12);
  }

  /**
   * A garbage string up to {@code max} characters: ASCII, control characters, NUL, unicode, lone
   * surrogates, quotes and YAML/shell syntax; sometimes huge.
   */
  String string(int max) {
    if (chance(3)) {
      return "x".repeat(100_000 + random.nextInt(100_000));
    }
    int n = random.nextInt(max + 1);
    StringBuilder b = new StringBuilder(n);
    for (int i = 0; i < n; i++) {
      b.appendCodePoint(codePoint());
    }
    return b.toString();
  }

  private int codePoint() {
    return switch (random.nextInt(10)) {
      case 0 -> random.nextInt(0x20); // control characters, NUL included
      case 1 -> pick(List.of(0xD800, 0xDBFF, 0xDC00, 0xDFFF)); // lone surrogates
      case 2 -> random.nextInt(0x80, 0x800);
      case 3 -> random.nextInt(0x1F300, 0x1FAFF); // outside the BMP
      case 4 -> ":{}[]#&*!|>'\"%@`=$\\._-".charAt(random.nextInt(22));
      default -> random.nextInt(0x20, 0x7F);
    };
  }

  /** Random bytes, for binary files. */
  byte[] bytes(int max) {
    byte[] out = new byte[random.nextInt(max + 1)];
    random.nextBytes(out);
    return out;
  }
}
