package dev.ergon.test;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ergon.transaction.Transaction;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class InMemoryConnectorConcurrencyTest {
  private static final int TRANSACTIONS = 10_000;
  private static final int SETTLERS = 8;
  private static final long WAIT_SECONDS = 30;

  /** Daemon threads, shut down without waiting: a broken connector fails the test, never hangs. */
  private final ExecutorService pool =
      Executors.newFixedThreadPool(
          SETTLERS + 1,
          task -> {
            Thread thread = new Thread(task, "settler");
            thread.setDaemon(true);
            return thread;
          });

  private final AtomicBoolean stop = new AtomicBoolean();

  @AfterEach
  void stopWorkers() {
    stop.set(true);
    pool.shutdownNow();
  }

  private static InMemoryConnector tenThousand() {
    return InMemoryConnector.of(
        IntStream.range(0, TRANSACTIONS).mapToObj(i -> Transaction.of("tx-" + i, i)).toList());
  }

  private static void awaitAll(List<Future<?>> workers) throws Exception {
    for (Future<?> worker : workers) {
      worker.get(WAIT_SECONDS, TimeUnit.SECONDS);
    }
  }

  @Test
  void eightThreadsSettlingTenThousandFetchedTransactionsAcknowledgeEachExactlyOnce()
      throws Exception {
    InMemoryConnector connector = tenThousand();
    List<Transaction> fetched = new ArrayList<>();
    for (List<Transaction> batch = connector.fetchTransactions(97);
        !batch.isEmpty();
        batch = connector.fetchTransactions(97)) {
      fetched.addAll(batch);
    }
    CountDownLatch start = new CountDownLatch(1);
    List<Future<?>> settlers = new ArrayList<>();
    for (int s = 0; s < SETTLERS; s++) {
      int first = s;
      Callable<Void> settler =
          () -> {
            start.await();
            for (int i = first; i < fetched.size(); i += SETTLERS) {
              connector.acknowledge(fetched.get(i));
            }
            return null;
          };
      settlers.add(pool.submit(settler));
    }

    start.countDown();
    awaitAll(settlers);

    assertThat(connector.acknowledged()).hasSize(TRANSACTIONS).doesNotHaveDuplicates();
    assertThat(connector.settlementLog()).hasSize(TRANSACTIONS);
    assertThat(connector.inFlight()).isEmpty();
    assertThat(connector.ready()).isEmpty();
  }

  @Test
  void fetchingOnOneThreadWhileEightThreadsSettleLosesAndDuplicatesNothing() throws Exception {
    InMemoryConnector connector = tenThousand();
    BlockingQueue<Transaction> work = new LinkedBlockingQueue<>();
    CountDownLatch allAcknowledged = new CountDownLatch(TRANSACTIONS);
    Callable<Void> fetcher =
        () -> {
          while (!stop.get()) {
            work.addAll(connector.fetchTransactions(64));
          }
          return null;
        };
    Callable<Void> settler =
        () -> {
          while (!stop.get()) {
            Transaction tx = work.poll(10, TimeUnit.MILLISECONDS);
            if (tx == null) {
              continue;
            }
            // every tenth transaction is released on its first delivery, acknowledged on the next
            if ((Integer) tx.payload() % 10 == 0 && connector.deliveryCount(tx.id()) == 1) {
              connector.reject(tx, true);
            } else {
              connector.acknowledge(tx);
              allAcknowledged.countDown();
            }
          }
          return null;
        };
    List<Future<?>> workers = new ArrayList<>(List.of(pool.submit(fetcher)));
    for (int s = 0; s < SETTLERS; s++) {
      workers.add(pool.submit(settler));
    }

    boolean finished = allAcknowledged.await(WAIT_SECONDS, TimeUnit.SECONDS);
    stop.set(true);
    awaitAll(workers);

    assertThat(finished).as("all acknowledged within %s s", WAIT_SECONDS).isTrue();
    assertThat(connector.acknowledged()).hasSize(TRANSACTIONS).doesNotHaveDuplicates();
    assertThat(connector.released()).hasSize(TRANSACTIONS / 10);
    assertThat(connector.inFlight()).isEmpty();
    assertThat(connector.ready()).isEmpty();
    assertThat(connector.deliveryCount("tx-0")).isEqualTo(2);
    assertThat(connector.deliveryCount("tx-1")).isEqualTo(1);
  }
}
