package dev.ergon.reliability;

import dev.ergon.connector.Connector;
import dev.ergon.examples.orders.OrderQueue;
import dev.ergon.transaction.Transaction;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.function.BooleanSupplier;

/**
 * What every scenario does with worker processes: start them with this JVM's class path, send
 * transactions, wait on a condition while checking the workers stay alive, read the ledger. Not
 * thread-safe.
 *
 * @param dir where worker logs go
 * @param ledgerUrl the PostgreSQL the ledgers live in
 * @param concurrency each worker's concurrency
 * @param batch each worker's batch size
 */
record Workers(Path dir, String ledgerUrl, int concurrency, int batch) {
  /** Each worker's maximum heap, in MiB ({@code -Xmx}). */
  static final int HEAP_MB = 256;

  /** A fresh name for a queue and its ledger: {@code rel_} and ten hex digits. */
  static String newName() {
    return "rel_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
  }

  /** Starts worker {@code worker} on the queue {@code name} at {@code location}. */
  WorkerProcess start(Backend backend, String location, String name, Ledger ledger, String worker)
      throws IOException {
    return start(backend, location, name, ledger, worker, 0);
  }

  /** Like {@link #start(Backend, String, String, Ledger, String)}, with poison transactions. */
  WorkerProcess start(
      Backend backend, String location, String name, Ledger ledger, String worker, int poisonEvery)
      throws IOException {
    Files.createDirectories(dir);
    Path log = dir.resolve(name + "-" + worker + ".log");
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("--enable-native-access=ALL-UNNAMED"); // the SQLite driver's native library
    cmd.add("-Xmx" + HEAP_MB + "m");
    cmd.add("-XX:+ExitOnOutOfMemoryError"); // an OOM ends the worker (exit 3), it does not limp on
    for (String p : List.of("aws.accessKeyId", "aws.secretAccessKey", "aws.region")) {
      String value = System.getProperty(p);
      if (value != null) {
        cmd.add("-D" + p + "=" + value);
      }
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
            Integer.toString(batch),
            Integer.toString(poisonEvery)));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    pb.redirectOutput(log.toFile());
    return new WorkerProcess(worker, pb.start(), log.toFile());
  }

  /**
   * Waits until {@code condition} holds, at most {@link Scenarios#PATIENCE}.
   *
   * @throws IllegalStateException when a worker exits first or the time is up, naming the step and
   *     the worker's log
   */
  static void await(BooleanSupplier condition, List<WorkerProcess> workers, String what)
      throws InterruptedException {
    await(condition, workers, what, Scenarios.PATIENCE, Duration.ofMillis(20));
  }

  /**
   * Like {@link #await(BooleanSupplier, List, String)}, at most {@code patience}, checking every
   * {@code interval} (a condition that counts a big table should not run every 20 ms).
   */
  static void await(
      BooleanSupplier condition,
      List<WorkerProcess> workers,
      String what,
      Duration patience,
      Duration interval)
      throws InterruptedException {
    long deadline = System.nanoTime() + patience.toNanos();
    while (!condition.getAsBoolean()) {
      for (WorkerProcess w : workers) {
        if (!w.process().isAlive()) {
          throw new IllegalStateException(
              "worker exited " + w.process().exitValue() + " before " + what + "; log: " + w.log());
        }
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(
            "no "
                + what
                + " within "
                + patience
                + "; logs: "
                + workers.stream().map(WorkerProcess::log).toList());
      }
      Thread.sleep(
          interval
              .toMillis()); // polling a database or a file; the condition, not the sleep, ends the
      // wait
    }
  }

  /** Like {@link #await(BooleanSupplier, List, String)} for one worker. */
  static void await(BooleanSupplier condition, WorkerProcess worker, String what)
      throws InterruptedException {
    await(condition, List.of(worker), what);
  }

  /** Distinct ids processed, -1 while the ledger cannot be read. */
  static long progress(Ledger ledger) {
    try {
      return ledger.distinct();
    } catch (Exception e) {
      return -1;
    }
  }

  /** Processings recorded (duplicates included), -1 while the ledger cannot be read. */
  static long processings(Ledger ledger) {
    try {
      return ledger.total();
    } catch (Exception e) {
      return -1;
    }
  }

  /** Unsettled transactions in the queue, -1 while it cannot be reached. */
  static long pending(OrderQueue queue) {
    try {
      return queue.pending();
    } catch (Exception e) {
      return -1;
    }
  }

  /** Sends {@code n} transactions {@code t-000000}… in chunks of 500. */
  static void send(OrderQueue queue, int n) throws Exception {
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
}
