package dev.ergon.reliability;

import dev.ergon.connector.Connector;
import dev.ergon.examples.orders.EmbeddedServer;
import dev.ergon.examples.orders.OrderQueue;
import dev.ergon.transaction.Transaction;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * The fault scenarios, each run through real worker processes ({@link ReliabilityWorker}) on one
 * backend: a fresh queue and ledger, {@code n} transactions sent, the fault, then a successor
 * worker that must finish the work.
 *
 * <ul>
 *   <li>{@link #kill}: SIGKILL of the worker once a quarter is processed; after a restart, nothing
 *       is lost and duplicates stay within the in-flight bound ({@link Backend#inFlightBound}).
 *   <li>{@link #sigterm}: SIGTERM once a quarter is processed: the worker exits 143 with every
 *       in-flight transaction settled or released, so nothing is processed twice, and a restart
 *       finishes the rest.
 * </ul>
 *
 * <p>SQS and Kafka run on servers this process starts ({@link EmbeddedServer}), shared by the
 * workers. Not thread-safe: one scenario at a time.
 */
public final class Scenarios implements AutoCloseable {
  /** The longest a scenario waits for a step (a worker's progress, its exit). */
  static final Duration PATIENCE = Duration.ofMinutes(3);

  private final Path dir;
  private final String ledgerUrl;
  private final int concurrency;
  private final int batch;
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
    this.ledgerUrl = ledgerUrl;
    this.concurrency = concurrency;
    this.batch = batch;
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

  private Result run(String scenario, Backend backend, int n, boolean kill) throws Exception {
    String name = "rel_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    String location = location(backend);
    OrderQueue queue = backend.queue(location, name);
    Ledger ledger = new Ledger(ledgerUrl, name + "_ledger");
    ledger.create();
    queue.prepare();
    try {
      send(queue, n);
      WorkerProcess first = start(backend, location, name, ledger, "a");
      long faultAt;
      int faultCode;
      try {
        await(() -> progress(ledger) >= n / 4, first, "a quarter processed by the first worker");
        faultAt = System.nanoTime();
        faultCode = kill ? first.kill() : first.terminate();
      } finally {
        first.kill();
      }
      WorkerProcess second = start(backend, location, name, ledger, "b");
      long resumed;
      try {
        await(() -> progress(ledger) >= n, second, "every transaction processed after the fault");
        resumed = System.nanoTime();
        await(() -> pending(queue) == 0, second, "the queue settled");
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
          kill ? backend.inFlightBound(concurrency) : 0,
          Duration.ofNanos(resumed - faultAt),
          faultCode);
    } finally {
      try {
        queue.delete();
      } finally {
        ledger.drop();
      }
    }
  }

  private static long progress(Ledger ledger) {
    try {
      return ledger.distinct();
    } catch (Exception e) {
      return -1;
    }
  }

  private static long pending(OrderQueue queue) {
    try {
      return queue.pending();
    } catch (Exception e) {
      return -1;
    }
  }

  private static void send(OrderQueue queue, int n) throws Exception {
    try (Connector c = queue.open()) {
      List<Transaction> chunk = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        chunk.add(Transaction.of(String.format(Locale.ROOT, "t-%06d", i), Map.of("n", i)));
        if (chunk.size() == 500 || i == n - 1) {
          c.dispatchTransactions(chunk);
          chunk.clear();
        }
      }
    }
  }

  private String location(Backend backend) throws IOException {
    if (backend == Backend.SQS || backend == Backend.KAFKA) {
      return servers
          .computeIfAbsent(
              backend, b -> b == Backend.SQS ? EmbeddedServer.sqs() : EmbeddedServer.kafka())
          .address();
    }
    Files.createDirectories(dir);
    return backend.defaultLocation(Files.createTempDirectory(dir, backend.label()));
  }

  private WorkerProcess start(
      Backend backend, String location, String name, Ledger ledger, String worker)
      throws IOException {
    Path log = dir.resolve(name + "-" + worker + ".log");
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("--enable-native-access=ALL-UNNAMED"); // the SQLite driver's native library
    cmd.add("-Xmx256m");
    for (String p : List.of("aws.accessKeyId", "aws.secretAccessKey", "aws.region")) {
      cmd.add("-D" + p + "=" + System.getProperty(p));
    }
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(ReliabilityWorker.class.getName());
    cmd.addAll(
        List.of(
            backend.name(),
            location,
            name,
            ledger.url(),
            ledger.table(),
            worker,
            Integer.toString(concurrency),
            Integer.toString(batch)));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    pb.redirectOutput(log.toFile());
    return new WorkerProcess(pb.start(), log.toFile());
  }

  private static void await(BooleanSupplier condition, WorkerProcess worker, String what)
      throws InterruptedException {
    long deadline = System.nanoTime() + PATIENCE.toNanos();
    while (!condition.getAsBoolean()) {
      if (!worker.process.isAlive()) {
        throw new IllegalStateException(
            "worker exited "
                + worker.process.exitValue()
                + " before "
                + what
                + "; log: "
                + worker.log());
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(
            "no " + what + " within " + PATIENCE + "; log: " + worker.log());
      }
      Thread.sleep(20); // polling a database; the condition, not the sleep, ends the wait
    }
  }

  /** A worker JVM and its log file. */
  private record WorkerProcess(Process process, File logFile) {
    /** SIGKILL; returns the exit code (137). */
    int kill() throws InterruptedException {
      process.destroyForcibly();
      return waitFor();
    }

    /** SIGTERM; returns the exit code. */
    int terminate() throws InterruptedException {
      process.destroy();
      return waitFor();
    }

    private int waitFor() throws InterruptedException {
      if (!process.waitFor(PATIENCE.toSeconds(), TimeUnit.SECONDS)) {
        process.destroyForcibly();
        process.waitFor();
      }
      return process.exitValue();
    }

    String log() {
      return logFile.toString();
    }
  }

  @Override
  public void close() {
    servers.values().forEach(EmbeddedServer::close);
    servers.clear();
  }
}
