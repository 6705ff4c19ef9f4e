package dev.ergon.engine;

import dev.ergon.connector.ForwardingConnector;
import dev.ergon.test.InMemoryConnector;
import dev.ergon.transaction.Transaction;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A connector around an {@link InMemoryConnector} that records every fetch (its number, the size
 * asked for, how many fetched transactions were still unsettled, and when) and runs the test's
 * actions on chosen fetches, before the fetch reaches the in-memory connector: add work on the Nth
 * poll, inject a failure, look at the engine's health. It can also return more than was asked.
 */
final class ScriptedConnector extends ForwardingConnector {
  /** Something to do on a fetch; may throw, which fails that fetch. */
  interface Action {
    void run() throws Exception;
  }

  /**
   * One fetch call.
   *
   * @param number 1 for the first fetch
   * @param size the batch size the engine asked for
   * @param unsettled transactions fetched earlier and not yet settled, at the time of the call
   * @param nanoTime {@link System#nanoTime()} at the call
   */
  record Fetch(int number, int size, int unsettled, long nanoTime) {}

  private final InMemoryConnector delegate;
  private final List<Fetch> fetches = new CopyOnWriteArrayList<>();
  private final AtomicInteger count = new AtomicInteger();
  private final Map<Integer, List<Action>> onFetch = new ConcurrentHashMap<>();
  private final List<Action> everyFetch = new CopyOnWriteArrayList<>();
  private volatile int surplus;

  ScriptedConnector(InMemoryConnector delegate) {
    super(delegate);
    this.delegate = delegate;
  }

  /** Runs {@code action} when fetch number {@code n} (from 1) is called. */
  ScriptedConnector onFetch(int n, Action action) {
    onFetch.computeIfAbsent(n, k -> new CopyOnWriteArrayList<>()).add(action);
    return this;
  }

  /** Runs {@code action} on every fetch, after the actions for that fetch number. */
  ScriptedConnector onEveryFetch(Action action) {
    everyFetch.add(action);
    return this;
  }

  /** Makes every fetch return up to {@code extra} more transactions than were asked for. */
  ScriptedConnector returnMoreThanAsked(int extra) {
    this.surplus = extra;
    return this;
  }

  List<Fetch> fetches() {
    return List.copyOf(fetches);
  }

  int fetchCount() {
    return count.get();
  }

  @Override
  public InMemoryConnector delegate() {
    return delegate;
  }

  @Override
  public List<Transaction> fetchTransactions(int batchSize) throws Exception {
    int n = count.incrementAndGet();
    fetches.add(new Fetch(n, batchSize, delegate.inFlight().size(), System.nanoTime()));
    for (Action a : onFetch.getOrDefault(n, List.of())) {
      a.run();
    }
    for (Action a : everyFetch) {
      a.run();
    }
    return delegate.fetchTransactions(batchSize + surplus);
  }
}
