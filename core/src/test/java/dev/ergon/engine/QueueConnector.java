package dev.ergon.engine;

import dev.ergon.connector.Connector;
import dev.ergon.transaction.Transaction;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** A minimal queue connector for core's own engine tests (ergon-test has the full one). */
final class QueueConnector implements Connector {
  final ArrayDeque<Transaction> ready = new ArrayDeque<>();
  final List<String> acked = new ArrayList<>();
  final List<String> rejected = new ArrayList<>();
  final List<Transaction> dispatched = new ArrayList<>();
  boolean closed;

  QueueConnector(List<Transaction> txs) {
    ready.addAll(txs);
  }

  @Override
  public synchronized List<Transaction> fetchTransactions(int batchSize) {
    List<Transaction> out = new ArrayList<>();
    while (out.size() < batchSize && !ready.isEmpty()) {
      out.add(ready.poll());
    }
    return out;
  }

  @Override
  public synchronized void dispatchTransactions(List<Transaction> transactions) {
    dispatched.addAll(transactions);
  }

  @Override
  public synchronized Optional<Transaction> resolveTransaction(String id) {
    return ready.stream().filter(t -> t.id().equals(id)).findFirst();
  }

  @Override
  public synchronized void acknowledge(Transaction transaction) {
    acked.add(transaction.id());
  }

  @Override
  public synchronized void reject(Transaction transaction, boolean requeue) {
    rejected.add(transaction.id() + (requeue ? ":requeue" : ":dead"));
  }

  @Override
  public boolean supportsDeadLetter() {
    return true;
  }

  @Override
  public synchronized void close() {
    closed = true;
  }
}
