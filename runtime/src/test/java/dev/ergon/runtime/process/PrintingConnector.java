package dev.ergon.runtime.process;

import dev.ergon.connector.Connector;
import dev.ergon.test.InMemoryConnector;
import dev.ergon.transaction.Transaction;
import java.util.List;
import java.util.Map;

/**
 * An in-memory connector that prints its settlements ({@code acked <id>}, {@code released <id>})
 * and its closing ({@code closing <name>}) to standard output, for tests that watch a process.
 */
final class PrintingConnector implements Connector {
  private final String name;
  private final InMemoryConnector delegate;

  PrintingConnector(String name, InMemoryConnector delegate) {
    this.name = name;
    this.delegate = delegate;
  }

  @Override
  public List<Transaction> fetchTransactions(int batchSize) throws Exception {
    return delegate.fetchTransactions(batchSize);
  }

  @Override
  public void dispatchTransactions(List<Transaction> transactions) {
    delegate.dispatchTransactions(transactions);
  }

  @Override
  public void acknowledge(Transaction transaction) throws Exception {
    delegate.acknowledge(transaction);
    WorkerMain.say("acked " + transaction.id());
  }

  @Override
  public void reject(Transaction transaction, boolean requeue) throws Exception {
    delegate.reject(transaction, requeue);
    WorkerMain.say((requeue ? "released " : "dead-lettered ") + transaction.id());
  }

  @Override
  public boolean supportsDeadLetter() {
    return delegate.supportsDeadLetter();
  }

  @Override
  public Map<String, Object> health() {
    return delegate.health();
  }

  @Override
  public void close() {
    WorkerMain.say("closing " + name);
    delegate.close();
  }
}
