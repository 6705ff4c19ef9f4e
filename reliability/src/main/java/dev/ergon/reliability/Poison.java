package dev.ergon.reliability;

import dev.ergon.examples.orders.OrderQueue;
import java.time.Duration;
import java.util.Locale;

/**
 * The poison scenario: one worker on a queue of the shared services where one transaction in {@link
 * #EVERY} always fails (its exception handler too), so that the engine dead-letters it after {@link
 * ReliabilityWorker#ATTEMPTS} attempts. The rest must be processed once each, and the backend's
 * dead letters ({@link DeadLetters}) must hold exactly the poison ones: a dead-letter count other
 * than the poison count is reported as lost (misplaced) transactions. Not thread-safe.
 */
final class Poison {
  /** One transaction in this many is poison: 1 %. */
  static final int EVERY = 100;

  private final Workers workers;

  Poison(Workers workers) {
    this.workers = workers;
  }

  Result run(Backend backend, String location, int n) throws Exception {
    String name = Workers.newName();
    OrderQueue queue = backend.queue(location, name);
    Ledger ledger = new Ledger(workers.ledgerUrl(), name + "_ledger");
    ledger.create();
    queue.prepare();
    long poison = (n + EVERY - 1) / EVERY; // t-000000, t-000100, …
    try {
      Workers.send(queue, n);
      long started = System.nanoTime();
      WorkerProcess w = workers.start(backend, location, name, ledger, "a", EVERY);
      try {
        Workers.await(
            () -> Workers.progress(ledger) >= n - poison && dead(backend, location, name) >= poison,
            w,
            (n - poison) + " transactions processed and " + poison + " dead-lettered");
        long finished = System.nanoTime();
        Workers.await(() -> Workers.pending(queue) == 0, w, "the queue settled");
        int code = w.terminate();
        long distinct = ledger.distinct();
        long dead = dead(backend, location, name);
        System.err.printf(
            Locale.ROOT, "… %s: %d poison, %d dead letters%n", backend.label(), poison, dead);
        return new Result(
            "poison 1 %",
            backend,
            n,
            (n - poison - distinct) + Math.abs(poison - dead),
            ledger.total() - distinct,
            0,
            Duration.ofNanos(finished - started),
            code,
            143,
            null,
            String.format(Locale.ROOT, "dead letters %d of %d poison", dead, poison));
      } finally {
        w.kill();
      }
    } finally {
      try {
        queue.delete();
      } finally {
        ledger.drop();
      }
    }
  }

  private static long dead(Backend backend, String location, String name) {
    try {
      return DeadLetters.count(backend, location, name);
    } catch (Exception e) {
      return -1;
    }
  }
}
