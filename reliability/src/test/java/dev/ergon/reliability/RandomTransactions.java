package dev.ergon.reliability;

import dev.ergon.transaction.Transaction;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import org.jspecify.annotations.Nullable;

/**
 * Seeded random transactions for the round-trip properties: JSON payloads of every shape (unicode,
 * NUL and other controls, unpaired surrogates, huge strings within reason, edge numbers, nesting),
 * random metadata keys and values, header-like keys such as {@code traceparent} with garbage. The
 * same seed gives the same transactions ({@code -Dergon.fuzz.seed}). Not thread-safe.
 */
final class RandomTransactions {
  /** The seed of a run: {@code -Dergon.fuzz.seed}, or a fixed one so that CI is reproducible. */
  static final long SEED = Long.getLong("ergon.fuzz.seed", 20261207L);

  private static final List<String> HEADER_KEYS =
      List.of(
          "traceparent",
          "tracestate",
          "baggage",
          "content-type",
          "Content-Type",
          "x-death",
          "x-delay",
          "ergon.attempts",
          "ergon-id",
          "id",
          "Nats-Msg-Id",
          "Nats-Expected-Stream",
          "__TypeId__",
          "kafka_key");

  /**
   * Whether strings may hold unpaired surrogates (on unless {@code -Dergon.fuzz.surrogates=false}).
   * UTF-8 cannot encode them: every connector refuses such a transaction at dispatch (core's {@code
   * Utf8Check}), naming the transaction and the field.
   */
  static final boolean SURROGATES =
      Boolean.parseBoolean(System.getProperty("ergon.fuzz.surrogates", "true"));

  private final SplittableRandom random;

  RandomTransactions(long seed) {
    this.random = new SplittableRandom(seed);
  }

  /** A transaction with id {@code prefix-N}, a random payload and random metadata. */
  Transaction next(String prefix, int n) {
    Map<String, @Nullable Object> payload = new LinkedHashMap<>();
    for (int k = 1 + random.nextInt(5); k > 0; k--) {
      payload.put(string(12), value(3));
    }
    Map<String, String> metadata = new LinkedHashMap<>();
    for (int k = random.nextInt(4); k > 0; k--) {
      String key =
          random.nextInt(3) == 0 ? HEADER_KEYS.get(random.nextInt(HEADER_KEYS.size())) : string(10);
      if (!key.isEmpty()) {
        metadata.put(key, string(30));
      }
    }
    return new Transaction(String.format(Locale.ROOT, "%s-%03d", prefix, n), payload, metadata);
  }

  private @Nullable Object value(int depth) {
    return switch (random.nextInt(depth <= 0 ? 6 : 9)) {
      case 0 -> string(random.nextInt(20) == 0 ? 20_000 : 40);
      case 1 -> random.nextInt();
      case 2 -> List.of(0, -1, Integer.MAX_VALUE, Integer.MIN_VALUE).get(random.nextInt(4));
      case 3 -> random.nextBoolean() ? Long.MAX_VALUE : Long.MIN_VALUE + random.nextInt(10);
      case 4 -> random.nextBoolean() ? random.nextBoolean() : null;
      case 5 -> List.of(0.5, -1.25e300, 4.9e-324, 1.0e-7, 123456.789).get(random.nextInt(5));
      case 6 -> {
        List<@Nullable Object> l = new ArrayList<>();
        for (int i = random.nextInt(4); i > 0; i--) {
          l.add(value(depth - 1));
        }
        yield l;
      }
      default -> {
        Map<String, @Nullable Object> m = new LinkedHashMap<>();
        for (int i = random.nextInt(4); i > 0; i--) {
          m.put(string(8), value(depth - 1));
        }
        yield m;
      }
    };
  }

  /** Up to {@code max} code points of ASCII, controls (NUL included), unicode, lone surrogates. */
  String string(int max) {
    int n = random.nextInt(max + 1);
    StringBuilder b = new StringBuilder(n);
    for (int i = 0; i < n; i++) {
      b.appendCodePoint(
          switch (random.nextInt(12)) {
            case 0 -> random.nextInt(0x20);
            case 1 ->
                SURROGATES ? new int[] {0xD800, 0xDBFF, 0xDC00, 0xDFFF}[random.nextInt(4)] : 0xFFFD;
            case 2 -> random.nextInt(0x80, 0x800);
            case 3 -> random.nextInt(0x1F300, 0x1FAFF);
            case 4 -> "\"'\\:;,{}[]=% \t\r\n".charAt(random.nextInt(16));
            default -> random.nextInt(0x20, 0x7F);
          });
    }
    return b.toString();
  }
}
