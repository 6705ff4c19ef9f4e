package dev.ergon.engine;

import dev.ergon.transaction.Transaction;
import dev.ergon.transaction.TransactionException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Pluggable behaviour for the scripted test tasks: what process, the success handler and the
 * exception handler do, and a record of every call (per transaction), plus peak concurrency.
 */
final class Script {
  /** A step that may throw anything. */
  interface Step<A, R> {
    R apply(A a) throws Exception;
  }

  /** A handler that may throw anything. */
  interface Handler<A, B> {
    void accept(A a, B b) throws Exception;
  }

  volatile Step<Transaction, Object> process = tx -> "ok:" + tx.id();
  volatile Handler<Transaction, Object> success = (tx, r) -> {};
  volatile Handler<Transaction, TransactionException> exception = (tx, e) -> {};

  final Map<String, AtomicInteger> processCalls = new ConcurrentHashMap<>();
  final Map<String, AtomicInteger> successCalls = new ConcurrentHashMap<>();
  final List<TransactionException> exceptions = new CopyOnWriteArrayList<>();
  final AtomicInteger running = new AtomicInteger();
  final AtomicInteger peak = new AtomicInteger();

  Script process(Step<Transaction, Object> step) {
    this.process = step;
    return this;
  }

  Script success(Handler<Transaction, Object> handler) {
    this.success = handler;
    return this;
  }

  Script exception(Handler<Transaction, TransactionException> handler) {
    this.exception = handler;
    return this;
  }

  Object runProcess(Transaction tx) throws Exception {
    processCalls.computeIfAbsent(tx.id(), k -> new AtomicInteger()).incrementAndGet();
    int now = running.incrementAndGet();
    peak.accumulateAndGet(now, Math::max);
    try {
      return process.apply(tx);
    } finally {
      running.decrementAndGet();
    }
  }

  void runSuccess(Transaction tx, Object result) throws Exception {
    successCalls.computeIfAbsent(tx.id(), k -> new AtomicInteger()).incrementAndGet();
    success.accept(tx, result);
  }

  void runException(Transaction tx, TransactionException error) throws Exception {
    exceptions.add(error);
    exception.accept(tx, error);
  }

  int processCalls(String id) {
    AtomicInteger n = processCalls.get(id);
    return n == null ? 0 : n.get();
  }

  int successCalls(String id) {
    AtomicInteger n = successCalls.get(id);
    return n == null ? 0 : n.get();
  }

  int totalProcessCalls() {
    return processCalls.values().stream().mapToInt(AtomicInteger::get).sum();
  }
}
