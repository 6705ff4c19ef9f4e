package dev.ergon.reliability;

import dev.ergon.examples.orders.EmbeddedServer;
import dev.ergon.examples.orders.OrderQueue;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;

/**
 * The fault scenarios, each run through real worker processes ({@link ReliabilityWorker}) on one
 * backend: a fresh queue and ledger, {@code n} transactions sent, the fault, then the check that
 * the work was finished.
 *
 * <ul>
 *   <li>{@link #kill}: SIGKILL of the worker once a quarter is processed; after a restart, nothing
 *       is lost and duplicates stay within the in-flight bound ({@link Backend#inFlightBound}).
 *   <li>{@link #sigterm}: SIGTERM once a quarter is processed: the worker exits 143 with every
 *       in-flight transaction settled or released, so nothing is processed twice, and a restart
 *       finishes the rest.
 *   <li>{@link #restart}: the queue's server (a PostgreSQL cluster, a RabbitMQ node, a NATS or a
 *       Redis server of the suite's own) stopped and started again under a running worker, which
 *       must resume by itself ({@link Restarts}).
 *   <li>{@link #scaleOut}: several workers at once on one queue, no fault: the work splits, nothing
 *       lost, nothing twice ({@link ScaleOut}).
 *   <li>{@link #poison}: 1 % of the transactions always fail and are dead-lettered, the rest
 *       processed once ({@link Poison}).
 *   <li>{@link #backlog}: a big backlog drained by one worker with a small heap ({@link Backlog}).
 * </ul>
 *
 * <p>SQS, Kafka and HTTP (an orders API) run on servers this process starts ({@link
 * EmbeddedServer}), shared by the workers. Not thread-safe: one scenario at a time.
 */
public final class Scenarios implements AutoCloseable {
  /** The longest a scenario waits for a step (a worker's progress, its exit, a server). */
  static final Duration PATIENCE = Duration.ofMinutes(3);

  private final Path dir;
  private final Workers workers;
  private final Map<Backend, EmbeddedServer> servers = new EnumMap<>(Backend.class);

  /**
   * Scenarios writing files and worker logs under {@code dir}.
   *
   * @param dir a directory for SQLite files and worker logs
   * @param ledgerUrl the PostgreSQL the ledger lives in
   * @param concurrency each worker's concurrency (the in-flight bound)
   * @param batch each worker's batch size
   */
  public Scenarios(Path dir, String ledgerUrl, int concurrency, int batch) {
    this.dir = dir;
    this.workers = new Workers(dir, ledgerUrl, concurrency, batch);
    // the AWS SDK's default chain, in this JVM and the workers: ElasticMQ checks none of them
    System.setProperty("aws.accessKeyId", "reliability");
    System.setProperty("aws.secretAccessKey", "reliability");
    System.setProperty("aws.region", "elasticmq");
  }

  /**
   * SIGKILL mid-run, then a successor.
   *
   * @param backend the connector
   * @param n how many transactions
   * @return the row
   * @throws Exception when the backend cannot be reached or a step does not happen in time
   */
  public Result kill(Backend backend, int n) throws Exception {
    return run("kill -9", backend, n, true);
  }

  /**
   * SIGTERM mid-run, then a successor.
   *
   * @param backend the connector
   * @param n how many transactions
   * @return the row
   * @throws Exception when the backend cannot be reached or a step does not happen in time
   */
  public Result sigterm(Backend backend, int n) throws Exception {
    return run("SIGTERM", backend, n, false);
  }

  /**
   * The queue's server stopped and started again under one running worker.
   *
   * @param backend {@link Backend#POSTGRES} or {@link Backend#RABBITMQ}
   * @param n how many transactions
   * @return the row, with the time to resume
   * @throws Exception when the server cannot be started, or a step does not happen in time (the
   *     worker exiting before it finished included)
   */
  public Result restart(Backend backend, int n) throws Exception {
    return new Restarts(workers).run(backend, n);
  }

  /**
   * {@code count} workers at once on one queue, no fault.
   *
   * @param backend the connector
   * @param n how many transactions
   * @param count how many workers
   * @return the row, each worker's share in its note
   * @throws Exception when the backend cannot be reached or a step does not happen in time
   */
  public Result scaleOut(Backend backend, int n, int count) throws Exception {
    if (backend == Backend.SQS || backend == Backend.KAFKA) {
      throw new IllegalArgumentException(
          "scale-out runs on the shared services; " + backend.label() + " has none");
    }
    return new ScaleOut(workers, dir).run(backend, n, count);
  }

  /**
   * One transaction in a hundred always fails: dead-lettered after its attempts, the rest
   * processed.
   *
   * @param backend the connector (every one's dead letters are counted: {@link DeadLetters})
   * @param n how many transactions
   * @return the row, the dead-letter count in its note
   * @throws Exception when the backend cannot be reached or a step does not happen in time
   */
  public Result poison(Backend backend, int n) throws Exception {
    if (!DeadLetters.COUNTED.contains(backend)) {
      throw new IllegalArgumentException(
          "no poison scenario for " + backend.label() + "; it runs on " + DeadLetters.COUNTED);
    }
    return new Poison(workers).run(backend, location(backend), n);
  }

  /**
   * {@code n} transactions waiting in the SQL queue on PostgreSQL, drained by one worker with
   * {@code -Xmx256m}: nothing lost, nothing twice, no OOM, peak heap after GC within {@link
   * Backlog#HEAP_BOUND_MB}.
   *
   * @param backend {@link Backend#POSTGRES}
   * @param n how many transactions wait
   * @return the row, the peak heap in its note
   * @throws Exception when the database cannot be reached or the worker does not drain in time
   */
  public Result backlog(Backend backend, int n) throws Exception {
    return new Backlog(workers).run(backend, n);
  }

  private Result run(String scenario, Backend backend, int n, boolean kill) throws Exception {
    String name = Workers.newName();
    String location = location(backend);
    OrderQueue queue = backend.queue(location, name);
    Ledger ledger = new Ledger(workers.ledgerUrl(), name + "_ledger");
    ledger.create();
    queue.prepare();
    try {
      Workers.send(queue, n);
      WorkerProcess first = workers.start(backend, location, name, ledger, "a");
      long faultAt;
      int faultCode;
      try {
        Workers.await(
            () -> Workers.progress(ledger) >= n / 4,
            first,
            "a quarter processed by the first worker");
        faultAt = System.nanoTime();
        faultCode = kill ? first.kill() : first.terminate();
      } finally {
        first.kill();
      }
      WorkerProcess second = workers.start(backend, location, name, ledger, "b");
      long resumed;
      try {
        Workers.await(
            () -> Workers.progress(ledger) >= n,
            second,
            "every transaction processed after the fault");
        resumed = System.nanoTime();
        Workers.await(() -> Workers.pending(queue) == 0, second, "the queue settled");
        int code = second.terminate();
        if (code != 143) {
          throw new IllegalStateException(
              "the successor exited " + code + " on SIGTERM, not 143; log: " + second.log());
        }
      } finally {
        second.kill();
      }
      long distinct = ledger.distinct();
      return new Result(
          scenario,
          backend,
          n,
          n - distinct,
          ledger.total() - distinct,
          kill ? backend.inFlightBound(workers.concurrency()) : 0,
          Duration.ofNanos(resumed - faultAt),
          faultCode,
          kill ? 137 : 143);
    } finally {
      try {
        queue.delete();
      } finally {
        ledger.drop();
      }
    }
  }

  private String location(Backend backend) throws IOException {
    if (backend == Backend.SQS || backend == Backend.KAFKA || backend == Backend.HTTP) {
      return servers
          .computeIfAbsent(
              backend,
              b ->
                  switch (b) {
                    case SQS -> EmbeddedServer.sqs();
                    case KAFKA -> EmbeddedServer.kafka();
                    default -> EmbeddedServer.http();
                  })
          .address();
    }
    Files.createDirectories(dir);
    return backend.defaultLocation(Files.createTempDirectory(dir, backend.label()));
  }

  @Override
  public void close() {
    servers.values().forEach(EmbeddedServer::close);
    servers.clear();
  }
}
