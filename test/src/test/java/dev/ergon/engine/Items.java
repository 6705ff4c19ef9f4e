package dev.ergon.engine;

import dev.ergon.transaction.Transaction;
import java.util.stream.IntStream;

/** Numbered test transactions: {@code tx-0}, {@code tx-1}, … with the number as payload. */
final class Items {
  private Items() {}

  static Transaction[] numbered(int count) {
    return numbered(0, count);
  }

  static Transaction[] numbered(int from, int count) {
    return IntStream.range(from, from + count)
        .mapToObj(i -> Transaction.of("tx-" + i, i))
        .toArray(Transaction[]::new);
  }

  static int number(Transaction tx) {
    return (Integer) tx.payload();
  }
}
