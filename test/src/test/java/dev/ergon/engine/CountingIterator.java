package dev.ergon.engine;

import dev.ergon.transaction.Transaction;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A source of transactions for producer tests that counts how often it is advanced: finite or
 * endless, and optionally failing after a number of items.
 */
final class CountingIterator implements Iterator<Transaction> {
  private final int size;
  private final int failAfter;
  private final RuntimeException failure;
  private final AtomicInteger nextCalls = new AtomicInteger();

  private CountingIterator(int size, int failAfter, RuntimeException failure) {
    this.size = size;
    this.failAfter = failAfter;
    this.failure = failure;
  }

  /** {@code size} transactions with ids {@code tx-0, tx-1, …}. */
  static CountingIterator of(int size) {
    return new CountingIterator(size, Integer.MAX_VALUE, new IllegalStateException());
  }

  /** Transactions {@code tx-0, tx-1, …} without end. */
  static CountingIterator endless() {
    return of(Integer.MAX_VALUE);
  }

  /** {@code good} transactions, then {@code next()} throws {@code failure}. */
  static CountingIterator failingAfter(int good, RuntimeException failure) {
    return new CountingIterator(Integer.MAX_VALUE, good, failure);
  }

  static Transaction tx(int i) {
    return Transaction.of("tx-" + i, i);
  }

  /** How many times {@link #next()} was called (including a call that threw). */
  int nextCalls() {
    return nextCalls.get();
  }

  @Override
  public boolean hasNext() {
    return nextCalls.get() < size;
  }

  @Override
  public Transaction next() {
    int i = nextCalls.getAndIncrement();
    if (i >= failAfter) {
      throw failure;
    }
    if (i >= size) {
      throw new NoSuchElementException();
    }
    return tx(i);
  }
}
