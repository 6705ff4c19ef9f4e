package dev.ergon.connector.http;

import static org.awaitility.Awaitility.await;

import dev.ergon.connector.Connector;
import dev.ergon.transaction.Transaction;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Fetching helpers for the tests. */
final class Drain {
  private Drain() {}

  /** Fetches (batches of {@code batch}) until {@code n} transactions arrived; acknowledges none. */
  static List<Transaction> fetch(Connector c, int n, int batch) {
    List<Transaction> got = new ArrayList<>();
    await()
        .atMost(Duration.ofSeconds(20))
        .pollInterval(Duration.ofMillis(10))
        .until(
            () -> {
              got.addAll(c.fetchTransactions(Math.min(batch, n - got.size())));
              return got.size() >= n;
            });
    return got;
  }

  /** Fetches until {@code n} arrived, acknowledging each. */
  static List<String> ackAll(Connector c, int n, int batch) throws Exception {
    List<String> ids = new ArrayList<>();
    for (Transaction tx : fetch(c, n, batch)) {
      c.acknowledge(tx);
      ids.add(tx.id());
    }
    return ids;
  }

  /** Asserts that polling yields nothing for {@code window}. */
  static void nothingFor(Connector c, Duration window) {
    List<Transaction> got = new ArrayList<>();
    await()
        .during(window)
        .atMost(window.plusSeconds(5))
        .pollInterval(Duration.ofMillis(20))
        .until(
            () -> {
              got.addAll(c.fetchTransactions(10));
              return got.isEmpty();
            });
  }

  static List<String> ids(int from, int n, String prefix) {
    List<String> ids = new ArrayList<>();
    for (int i = from; i < from + n; i++) {
      ids.add(prefix + i);
    }
    return ids;
  }
}
