package dev.ergon.test;

import dev.ergon.connector.ConnectionLostException;
import dev.ergon.connector.Connector;
import dev.ergon.connector.Rejection;
import dev.ergon.test.Settlement.Kind;
import dev.ergon.transaction.Transaction;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * The reference implementation of the {@link Connector} contract, held in memory and observable,
 * for testing tasks and the engine without a broker.
 *
 * <p>It behaves like a queue with manual acknowledgement. Transactions wait in a FIFO
 * <em>ready</em> queue; {@link #fetchTransactions(int)} moves them to <em>in flight</em>, where
 * they stay until settled. {@link #acknowledge(Transaction)} settles for good; {@link
 * #reject(Transaction, boolean)} with {@code requeue} releases to the end of the ready queue,
 * without it dead-letters. {@link #close()} returns every unsettled transaction to the ready queue,
 * as a broker does when a consumer goes away. {@link #dispatchTransactions(List)} appends to the
 * ready queue, so one instance serves as a source, a sink, or both.
 *
 * <p>It is strict, so that tests catch engine bugs: settling a transaction that is not in flight
 * (never fetched, or already settled) throws {@link IllegalStateException} naming the transaction
 * and what became of it. Settlement is matched by transaction id; the instance recorded as settled
 * is the one that was delivered.
 *
 * <pre>{@code
 * InMemoryConnector input = InMemoryConnector.of(Transaction.of("a", 1), Transaction.of("b", 2));
 * // ... run the task against it ...
 * assertThat(input.acknowledged()).extracting(Transaction::id).containsExactly("a", "b");
 * assertThat(input.inFlight()).isEmpty();
 * }</pre>
 *
 * <p>Thread-safe: every operation is atomic, so the engine may fetch on one thread while settling
 * and dispatching on many.
 */
public final class InMemoryConnector implements Connector {
  private final ArrayDeque<Transaction> ready = new ArrayDeque<>();
  private final InFlight inFlight = new InFlight();
  private final List<Transaction> acknowledged = new ArrayList<>();
  private final List<Transaction> released = new ArrayList<>();
  private final List<Transaction> deadLettered = new ArrayList<>();
  private final Map<String, Rejection> rejections = new LinkedHashMap<>();
  private final List<Transaction> dispatched = new ArrayList<>();
  private final List<Settlement> settlementLog = new ArrayList<>();
  private final Map<String, Integer> deliveryCounts = new HashMap<>();
  private final Map<String, Kind> lastSettlement = new HashMap<>();
  private final FaultPlan faults = new FaultPlan();
  private boolean deadLetter = true;
  private boolean closed;
  private int closeCount;
  private int fetchCount;
  private int maxFetchSizeRequested;
  private @Nullable Integer concurrencyHint;

  /** Creates an empty connector that supports dead-lettering. */
  public InMemoryConnector() {}

  /**
   * Creates a connector whose ready queue holds the given transactions, in order.
   *
   * @param transactions the transactions waiting to be fetched
   * @return the connector
   */
  public static InMemoryConnector of(Transaction... transactions) {
    return of(List.of(transactions));
  }

  /**
   * Creates a connector whose ready queue holds the given transactions, in iteration order.
   *
   * @param transactions the transactions waiting to be fetched
   * @return the connector
   */
  public static InMemoryConnector of(Collection<Transaction> transactions) {
    InMemoryConnector connector = new InMemoryConnector();
    connector.addAll(List.copyOf(transactions));
    return connector;
  }

  /**
   * Turns dead-lettering off: {@link #supportsDeadLetter()} then answers false and {@code
   * reject(tx, false)} releases the transaction for redelivery like {@code reject(tx, true)} (and
   * records it as {@link Kind#RELEASED}), as a broker without a dead-letter exchange does. Call it
   * before the connector is in use.
   *
   * @return this connector
   */
  public synchronized InMemoryConnector withoutDeadLetter() {
    deadLetter = false;
    return this;
  }

  /**
   * Appends transactions to the ready queue. Unlike {@link #dispatchTransactions(List)}, they are
   * not recorded as dispatched, and it works after {@link #close()}.
   *
   * @param transactions the transactions, in order
   * @return this connector
   */
  public InMemoryConnector add(Transaction... transactions) {
    addAll(List.of(transactions));
    return this;
  }

  private synchronized void addAll(List<Transaction> transactions) {
    ready.addAll(transactions);
  }

  /**
   * Moves up to {@code batchSize} transactions from the head of the ready queue to in flight and
   * returns them; fewer, or none, when fewer are ready.
   *
   * @throws IllegalArgumentException when {@code batchSize} is less than 1
   * @throws IllegalStateException when the connector is closed
   * @throws Exception the injected failure, while {@link #failNextFetches} is in effect
   */
  @Override
  public List<Transaction> fetchTransactions(int batchSize) throws Exception {
    if (batchSize < 1) {
      throw new IllegalArgumentException("batchSize must be >= 1 but was " + batchSize);
    }
    Exception failure;
    synchronized (this) {
      checkOpen("fetch");
      fetchCount++;
      maxFetchSizeRequested = Math.max(maxFetchSizeRequested, batchSize);
      failure = faults.nextFetchFailure();
      if (failure == null) {
        List<Transaction> batch = new ArrayList<>(Math.min(batchSize, ready.size()));
        while (batch.size() < batchSize && !ready.isEmpty()) {
          batch.add(deliver(ready.removeFirst()));
        }
        return List.copyOf(batch);
      }
    }
    throw failure;
  }

  /**
   * Appends the transactions to the ready queue and records them as {@linkplain #dispatched()
   * dispatched}.
   *
   * @throws IllegalStateException when the connector is closed
   */
  @Override
  public synchronized void dispatchTransactions(List<Transaction> transactions) {
    List<Transaction> copy = List.copyOf(transactions);
    checkOpen("dispatch");
    dispatched.addAll(copy);
    ready.addAll(copy);
  }

  /** The number of transactions in the ready queue (in-flight ones are not counted). */
  @Override
  public synchronized long countTransactions() {
    return ready.size();
  }

  /**
   * Claims a ready transaction by id: the first one in the ready queue with that id moves to in
   * flight, exactly as if it had been fetched, and is returned. The caller then settles it like a
   * fetched one. Empty when no ready transaction has that id (in-flight and settled ones are not
   * found).
   *
   * @throws IllegalStateException when the connector is closed
   */
  @Override
  public synchronized Optional<Transaction> resolveTransaction(String id) {
    checkOpen("resolve");
    for (Iterator<Transaction> it = ready.iterator(); it.hasNext(); ) {
      Transaction candidate = it.next();
      if (candidate.id().equals(id)) {
        it.remove();
        return Optional.of(deliver(candidate));
      }
    }
    return Optional.empty();
  }

  /**
   * Settles an in-flight transaction for good and records it as {@linkplain #acknowledged()
   * acknowledged}.
   *
   * @throws IllegalStateException when the transaction is not in flight
   * @throws ConnectionLostException when the connector is closed (its transactions went back to the
   *     ready queue, so they will be redelivered)
   * @throws Exception the injected failure, while {@link #failAcknowledgeWith} is in effect
   */
  @Override
  public void acknowledge(Transaction transaction) throws Exception {
    settle(transaction, Kind.ACKNOWLEDGED, faults::acknowledgeFailure);
  }

  /**
   * Releases an in-flight transaction to the end of the ready queue ({@code requeue}, or when
   * dead-lettering is {@linkplain #withoutDeadLetter() off}) or dead-letters it.
   *
   * @throws IllegalStateException when the transaction is not in flight
   * @throws ConnectionLostException when the connector is closed
   * @throws Exception the injected failure, while {@link #failRejectWith} is in effect
   */
  @Override
  public void reject(Transaction transaction, boolean requeue) throws Exception {
    settle(transaction, requeue ? Kind.RELEASED : Kind.DEAD_LETTERED, faults::rejectFailure);
  }

  /**
   * Like {@link #reject(Transaction, boolean)}, and keeps the reason the engine gave, for {@link
   * #rejections()}.
   *
   * @throws IllegalStateException when the transaction is not in flight
   * @throws ConnectionLostException when the connector is closed
   * @throws Exception the injected failure, while {@link #failRejectWith} is in effect
   */
  @Override
  public void reject(Transaction transaction, boolean requeue, Rejection rejection)
      throws Exception {
    reject(transaction, requeue);
    synchronized (this) {
      rejections.put(transaction.id(), rejection);
    }
  }

  private void settle(Transaction transaction, Kind kind, Supplier<@Nullable Exception> fault)
      throws Exception {
    String id = transaction.id();
    Exception failure;
    synchronized (this) {
      if (closed) {
        throw new ConnectionLostException(
            "cannot settle transaction '" + id + "': the in-memory connector is closed", null);
      }
      failure = fault.get();
      if (failure == null) {
        Transaction delivered = inFlight.remove(id);
        if (delivered == null) {
          throw new IllegalStateException(
              "transaction '" + id + "' is not in flight (" + whereIs(id) + ")");
        }
        record(delivered, kind == Kind.DEAD_LETTERED && !deadLetter ? Kind.RELEASED : kind);
        return;
      }
    }
    throw failure;
  }

  private void record(Transaction delivered, Kind kind) {
    switch (kind) {
      case ACKNOWLEDGED -> acknowledged.add(delivered);
      case RELEASED -> {
        released.add(delivered);
        ready.addLast(delivered);
      }
      case DEAD_LETTERED -> deadLettered.add(delivered);
    }
    settlementLog.add(new Settlement(delivered.id(), kind));
    lastSettlement.put(delivered.id(), kind);
  }

  private String whereIs(String id) {
    Kind last = lastSettlement.get(id);
    boolean isReady = ready.stream().anyMatch(t -> t.id().equals(id));
    if (isReady) {
      return last == Kind.RELEASED
          ? "already released, waiting in the ready queue"
          : "waiting in the ready queue, not fetched";
    }
    if (last == null) {
      return "unknown to this connector";
    }
    return switch (last) {
      case ACKNOWLEDGED -> "already acknowledged";
      case RELEASED -> "already released";
      case DEAD_LETTERED -> "already dead-lettered";
    };
  }

  private Transaction deliver(Transaction transaction) {
    inFlight.add(transaction);
    deliveryCounts.merge(transaction.id(), 1, Integer::sum);
    return transaction;
  }

  private void checkOpen(String operation) {
    if (closed) {
      throw new IllegalStateException(
          "cannot " + operation + ": the in-memory connector is closed");
    }
  }

  /** True: dead-letters on {@code reject(tx, false)}, unless {@link #withoutDeadLetter()}. */
  @Override
  public synchronized boolean supportsDeadLetter() {
    return deadLetter;
  }

  /**
   * Records the engine's concurrency, readable through {@link #lastConcurrencyHint()}.
   *
   * @throws IllegalArgumentException when {@code concurrency} is less than 1
   */
  @Override
  public synchronized void onConcurrency(int concurrency) {
    if (concurrency < 1) {
      throw new IllegalArgumentException("concurrency must be >= 1 but was " + concurrency);
    }
    concurrencyHint = concurrency;
  }

  /**
   * The sizes of the ready queue ({@code "ready"}) and in flight ({@code "inFlight"}), and {@code
   * "closed"}.
   */
  @Override
  public synchronized Map<String, Object> health() {
    return Map.of("ready", ready.size(), "inFlight", inFlight.size(), "closed", closed);
  }

  /**
   * Returns every in-flight transaction to the head of the ready queue, in delivery order, ahead of
   * those already waiting (a broker's redelivery when its consumer goes away), then refuses to
   * fetch, dispatch or resolve. Idempotent; every call is counted in {@link #closeCount()}.
   */
  @Override
  public synchronized void close() {
    closeCount++;
    if (closed) {
      return;
    }
    closed = true;
    List<Transaction> unsettled = inFlight.drain();
    for (int i = unsettled.size() - 1; i >= 0; i--) {
      ready.addFirst(unsettled.get(i));
    }
  }

  /**
   * A new consumer channel onto this queue: closing the channel releases only what it fetched and
   * did not settle, and leaves this queue open for other channels and tasks.
   *
   * @return a new channel
   */
  public InMemoryChannel channel() {
    return new InMemoryChannel(this);
  }

  /**
   * Makes the next {@code count} calls to {@link #fetchTransactions(int)} throw the supplied
   * exception (one new exception per call) without taking anything; later calls fetch normally.
   * Replaces any earlier fetch failure plan.
   *
   * <pre>{@code
   * input.failNextFetches(2, () -> new ConnectionLostException("channel closed", null));
   * }</pre>
   *
   * @param count how many fetch calls fail, at least 0
   * @param error makes the exception each failing call throws
   * @throws IllegalArgumentException when {@code count} is negative
   */
  public synchronized void failNextFetches(int count, Supplier<? extends Exception> error) {
    faults.failNextFetches(count, error);
  }

  /**
   * Makes every {@link #acknowledge(Transaction)} throw the supplied exception, leaving the
   * transaction in flight, until {@link #clearFailures()}.
   *
   * @param error makes the exception each call throws
   */
  public synchronized void failAcknowledgeWith(Supplier<? extends Exception> error) {
    faults.failAcknowledgeWith(error);
  }

  /**
   * Makes every {@link #reject(Transaction, boolean)} throw the supplied exception, leaving the
   * transaction in flight, until {@link #clearFailures()}.
   *
   * @param error makes the exception each call throws
   */
  public synchronized void failRejectWith(Supplier<? extends Exception> error) {
    faults.failRejectWith(error);
  }

  /** Removes every injected failure: fetch, acknowledge and reject work normally again. */
  public synchronized void clearFailures() {
    faults.clear();
  }

  /**
   * The transactions waiting to be fetched, head first.
   *
   * @return an immutable snapshot
   */
  public synchronized List<Transaction> ready() {
    return List.copyOf(ready);
  }

  /**
   * The transactions fetched (or claimed by id) and not yet settled, in delivery order.
   *
   * @return an immutable snapshot
   */
  public synchronized List<Transaction> inFlight() {
    return inFlight.snapshot();
  }

  /**
   * The transactions acknowledged, in order.
   *
   * @return an immutable snapshot
   */
  public synchronized List<Transaction> acknowledged() {
    return List.copyOf(acknowledged);
  }

  /**
   * The transactions released for redelivery, in order; one entry per release.
   *
   * @return an immutable snapshot
   */
  public synchronized List<Transaction> released() {
    return List.copyOf(released);
  }

  /**
   * The transactions dead-lettered, in order.
   *
   * @return an immutable snapshot
   */
  public synchronized List<Transaction> deadLettered() {
    return List.copyOf(deadLettered);
  }

  /**
   * The reasons the engine gave when it gave transactions up ({@link #reject(Transaction, boolean,
   * Rejection)}), by transaction id; the latest reason per id.
   *
   * @return an immutable snapshot, in the order the ids were first given up
   */
  public synchronized Map<String, Rejection> rejections() {
    return Collections.unmodifiableMap(new LinkedHashMap<>(rejections));
  }

  /**
   * Every transaction ever passed to {@link #dispatchTransactions(List)}, in order.
   *
   * @return an immutable snapshot
   */
  public synchronized List<Transaction> dispatched() {
    return List.copyOf(dispatched);
  }

  /**
   * Every settlement received, in order.
   *
   * @return an immutable snapshot
   */
  public synchronized List<Settlement> settlementLog() {
    return List.copyOf(settlementLog);
  }

  /**
   * How many times transactions with this id were delivered: fetched, or claimed through {@link
   * #resolveTransaction(String)}. A transaction released once and fetched again has been delivered
   * twice.
   *
   * @param transactionId the transaction id
   * @return the number of deliveries; 0 when never delivered
   */
  public synchronized int deliveryCount(String transactionId) {
    return deliveryCounts.getOrDefault(transactionId, 0);
  }

  /**
   * The number of calls to {@link #fetchTransactions(int)} made with a valid batch size while open,
   * including those that failed by injection.
   *
   * @return the fetch call count
   */
  public synchronized int fetchCount() {
    return fetchCount;
  }

  /**
   * The largest batch size any fetch call asked for.
   *
   * @return the largest batch size; 0 before the first fetch
   */
  public synchronized int maxFetchSizeRequested() {
    return maxFetchSizeRequested;
  }

  /**
   * The concurrency last passed to {@link #onConcurrency(int)}.
   *
   * @return the hint, or empty when the engine never gave one
   */
  public synchronized OptionalInt lastConcurrencyHint() {
    Integer hint = concurrencyHint;
    return hint == null ? OptionalInt.empty() : OptionalInt.of(hint);
  }

  /**
   * Whether {@link #close()} has been called.
   *
   * @return true once closed
   */
  public synchronized boolean isClosed() {
    return closed;
  }

  /**
   * How many times {@link #close()} has been called, including repeated calls.
   *
   * @return the close call count
   */
  public synchronized int closeCount() {
    return closeCount;
  }

  @Override
  public synchronized String toString() {
    return "InMemoryConnector[ready="
        + ready.size()
        + ", inFlight="
        + inFlight.size()
        + ", closed="
        + closed
        + "]";
  }
}
