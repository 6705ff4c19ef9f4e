package dev.ergon.bench.scenario;

import dev.ergon.transaction.Transaction;
import java.util.ArrayList;
import java.util.List;

/** The data every row of a scenario runs on: {@code tx-<i>} with the index as payload. */
final class Transactions {
  private Transactions() {}

  static List<Transaction> of(int count) {
    List<Transaction> out = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      out.add(Transaction.of("tx-" + i, i));
    }
    return out;
  }
}
