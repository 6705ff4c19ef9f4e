package dev.ergon.bench.scenario;

import dev.ergon.bench.harness.Latencies;
import dev.ergon.bench.harness.Pass;
import dev.ergon.transaction.Transaction;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.LongAdder;
import org.jspecify.annotations.Nullable;

/**
 * The hand-written loops a user would write instead of the engine, over the same queue and work:
 * platform threads draining a queue, and a virtual thread per transaction behind a semaphore.
 */
final class HandLoops {
  private HandLoops() {}

  /** The work of one transaction; throws to fail the pass. */
  @FunctionalInterface
  interface Work {
    void process(Transaction tx) throws Exception;
  }

  /** A pass over a queue of prepared transactions, with optional per-transaction latencies. */
  abstract static class QueuePass implements Pass {
    final ConcurrentLinkedQueue<Transaction> queue;
    final Work work;
    final LongAdder done = new LongAdder();
    final int expected;
    final @Nullable Latencies latencies;

    QueuePass(List<Transaction> txs, Work work, boolean latency) {
      this.queue = new ConcurrentLinkedQueue<>(txs);
      this.work = work;
      this.expected = txs.size();
      this.latencies = latency ? new Latencies(txs.size()) : null;
    }

    final void one(Transaction tx) throws Exception {
      long t0 = latencies == null ? 0 : System.nanoTime();
      work.process(tx);
      if (latencies != null) {
        latencies.record((Integer) tx.payload(), System.nanoTime() - t0);
      }
      done.increment();
    }

    final void check() {
      if (done.sum() != expected) {
        throw new IllegalStateException("processed " + done.sum() + " of " + expected);
      }
    }

    @Override
    public final @Nullable Latencies latencies() {
      return latencies;
    }
  }

  /** {@code threads} platform threads, each polling the queue until it is empty. */
  static class Drain extends QueuePass {
    private final int threads;

    Drain(List<Transaction> txs, int threads, Work work, boolean latency) {
      super(txs, work, latency);
      this.threads = threads;
    }

    @Override
    public void run() throws Exception {
      List<Thread> ts = new ArrayList<>();
      List<Throwable> errors = new java.util.concurrent.CopyOnWriteArrayList<>();
      for (int i = 0; i < threads; i++) {
        ts.add(Thread.ofPlatform().name("loop-" + i).start(() -> drain(errors)));
      }
      for (Thread t : ts) {
        t.join();
      }
      if (!errors.isEmpty()) {
        throw new IllegalStateException("a loop thread failed", errors.get(0));
      }
      check();
    }

    private void drain(List<Throwable> errors) {
      try {
        for (Transaction tx; (tx = queue.poll()) != null; ) {
          one(tx);
        }
      } catch (Throwable e) {
        errors.add(e);
      }
    }
  }

  /** One thread polls the queue and starts a virtual thread per transaction, at most N at once. */
  static final class VirtualPerTransaction extends QueuePass {
    private final int permits;

    VirtualPerTransaction(List<Transaction> txs, int permits, Work work, boolean latency) {
      super(txs, work, latency);
      this.permits = permits;
    }

    @Override
    public void run() throws Exception {
      Semaphore slots = new Semaphore(permits);
      List<Throwable> errors = new java.util.concurrent.CopyOnWriteArrayList<>();
      for (Transaction tx; (tx = queue.poll()) != null; ) {
        slots.acquire();
        Transaction t = tx;
        Thread.startVirtualThread(
            () -> {
              try {
                one(t);
              } catch (Throwable e) {
                errors.add(e);
              } finally {
                slots.release();
              }
            });
      }
      slots.acquire(permits); // every transaction has finished
      if (!errors.isEmpty()) {
        throw new IllegalStateException("a transaction failed", errors.get(0));
      }
      check();
    }
  }
}
