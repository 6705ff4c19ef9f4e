package dev.ergon.bench.scenario;

import dev.ergon.bench.harness.Latencies;
import dev.ergon.connector.Connector;
import dev.ergon.transaction.Transaction;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.LongAdder;
import org.jspecify.annotations.Nullable;

/**
 * The benchmark's in-memory source: the same lock-free queue the hand-written loops drain, with no
 * bookkeeping per transaction (unlike the test kit's {@code InMemoryConnector}, which records every
 * settlement), so that what is measured is the engine. Payloads are the transactions' indexes; with
 * latencies, the time from fetch to acknowledgement is recorded per index.
 */
final class QueueConnector implements Connector {
  private final ConcurrentLinkedQueue<Transaction> ready = new ConcurrentLinkedQueue<>();
  private final LongAdder acknowledged = new LongAdder();
  private final @Nullable Latencies latencies;
  private final long @Nullable [] fetchedAt;

  QueueConnector(List<Transaction> transactions, @Nullable Latencies latencies) {
    ready.addAll(transactions);
    this.latencies = latencies;
    this.fetchedAt = latencies == null ? null : new long[transactions.size()];
  }

  @Override
  public List<Transaction> fetchTransactions(int batchSize) {
    List<Transaction> batch = new ArrayList<>(batchSize);
    for (Transaction t; batch.size() < batchSize && (t = ready.poll()) != null; ) {
      if (fetchedAt != null) {
        fetchedAt[(Integer) t.payload()] = System.nanoTime();
      }
      batch.add(t);
    }
    return batch;
  }

  @Override
  public void dispatchTransactions(List<Transaction> transactions) {
    ready.addAll(transactions);
  }

  @Override
  public void acknowledge(Transaction transaction) {
    if (latencies != null && fetchedAt != null) {
      int i = (Integer) transaction.payload();
      latencies.record(i, System.nanoTime() - fetchedAt[i]);
    }
    acknowledged.increment();
  }

  @Override
  public void reject(Transaction transaction, boolean requeue) {
    throw new IllegalStateException("benchmark transaction " + transaction.id() + " was rejected");
  }

  long acknowledged() {
    return acknowledged.sum();
  }
}
