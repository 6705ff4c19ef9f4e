package dev.ergon.reliability;

import dev.ergon.examples.orders.OrderQueue;
import java.time.Duration;

/**
 * The restart scenario: the queue on a server of the suite's own ({@link OwnServer}: a PostgreSQL
 * cluster, a second RabbitMQ node, a NATS or a Redis server, a Kafka broker, an ElasticMQ server
 * for SQS, the HTTP queue's API; the ledger stays on the shared PostgreSQL), {@code n} transactions
 * sent, one worker; once a quarter is processed the server is stopped, the worker fails to reach it
 * for a while ({@link #FAILED_FETCHES} failures, read from its log: {@link #outageSignal}), then
 * the server is started again on the same data. The same worker process must resume by itself and
 * finish: nothing lost, duplicates within the in-flight bound (the transactions whose settlement
 * the outage cut off come back), and the time to resume (server accepting connections again → first
 * new ledger entry) measured. Not thread-safe.
 */
final class Restarts {
  /** How many failed fetches the worker logs while the server is down before it is started. */
  static final int FAILED_FETCHES = 2;

  /** What the engine logs for each failed fetch of a streaming loop (core's {@code LoopRunner}). */
  static final String FETCH_FAILED = "fetch failed (";

  /**
   * What the Kafka client logs each time it cannot reach the broker ({@code NetworkClient}). A
   * Kafka worker's fetches do not fail while its broker is down: the connector's poll loop goes on
   * polling, the client retries its connections and the fetches find nothing.
   */
  static final String KAFKA_UNREACHABLE = "could not be established";

  /**
   * The line the worker logs once per failed attempt to reach its server while it is down.
   *
   * @param backend the queue's connector
   * @return the text of that line
   */
  static String outageSignal(Backend backend) {
    return backend == Backend.KAFKA ? KAFKA_UNREACHABLE : FETCH_FAILED;
  }

  private final Workers workers;

  Restarts(Workers workers) {
    this.workers = workers;
  }

  Result run(Backend backend, int n) throws Exception {
    try (OwnServer server = OwnServer.of(backend, workers.dir())) {
      server.start();
      String name = Workers.newName();
      OrderQueue queue = backend.queue(server.location(), name);
      Ledger ledger = new Ledger(workers.ledgerUrl(), name + "_ledger");
      ledger.create();
      try {
        queue.prepare();
        Workers.send(queue, n);
        return outage(backend, n, server, queue, ledger, name);
      } finally {
        try {
          queue.delete();
        } finally {
          ledger.drop();
        }
      }
    }
  }

  private Result outage(
      Backend backend, int n, OwnServer server, OrderQueue queue, Ledger ledger, String name)
      throws Exception {
    WorkerProcess w = workers.start(backend, server.location(), name, ledger, "a");
    try {
      Workers.await(() -> Workers.progress(ledger) >= n / 4, w, "a quarter processed");
      long stoppedAt = System.nanoTime();
      String signal = outageSignal(backend);
      int failedBefore = w.count(signal);
      server.stop();
      long atStop = Workers.progress(ledger);
      if (atStop >= n) {
        throw new IllegalStateException(
            "the worker had processed all "
                + n
                + " transactions before "
                + server.describe()
                + " was down: the outage hit nothing; send more transactions");
      }
      Workers.await(
          () -> w.count(signal) >= failedBefore + FAILED_FETCHES,
          w,
          FAILED_FETCHES
              + " lines \""
              + signal
              + "\" logged while "
              + server.describe()
              + " is down");
      server.start();
      long backAt = System.nanoTime();
      long before = Workers.processings(ledger);
      Workers.await(
          () -> Workers.processings(ledger) > before, w, "a new ledger entry after the restart");
      long resumedAt = System.nanoTime();
      Workers.await(() -> Workers.progress(ledger) >= n, w, "every transaction processed");
      long finishedAt = System.nanoTime();
      Workers.await(() -> Workers.pending(queue) == 0, w, "the queue settled");
      int code = w.terminate();
      long distinct = ledger.distinct();
      if (ledger.total() > distinct) {
        System.err.printf(
            "… %s: processed more than once: %s; log: %s%n",
            backend.label(), ledger.duplicated(40), w.log());
      }
      System.err.printf(
          "… %s: down %.1f s, resumed %.1f s after the restart%n",
          backend.label(), (backAt - stoppedAt) / 1e9, (resumedAt - backAt) / 1e9);
      return new Result(
          "restart",
          backend,
          n,
          n - distinct,
          ledger.total() - distinct,
          backend.outageBound(workers.concurrency(), workers.batch()),
          Duration.ofNanos(finishedAt - stoppedAt),
          code,
          143,
          Duration.ofNanos(resumedAt - backAt),
          String.format(
              java.util.Locale.ROOT,
              "server down %.1f s, %,d of %,d processed when it went down",
              (backAt - stoppedAt) / 1e9,
              atStop,
              n));
    } finally {
      w.kill();
    }
  }
}
