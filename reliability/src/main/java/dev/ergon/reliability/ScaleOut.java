package dev.ergon.reliability;

import dev.ergon.examples.orders.OrderQueue;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;
import java.util.TreeMap;

/**
 * The scale-out scenario: several worker processes at once on one queue of the shared services. The
 * workers start first and the transactions are sent once every worker's connector is open, so that
 * they compete from the first one; no fault happens, so the work must split with nothing lost and
 * nothing processed twice. Each worker's share is printed and kept in the row's note. Not
 * thread-safe.
 */
final class ScaleOut {
  private final Workers workers;
  private final Path files;

  ScaleOut(Workers workers, Path files) {
    this.workers = workers;
    this.files = files;
  }

  Result run(Backend backend, int n, int count) throws Exception {
    String name = Workers.newName();
    Files.createDirectories(files);
    String location = backend.defaultLocation(Files.createTempDirectory(files, backend.label()));
    OrderQueue queue = backend.queue(location, name);
    Ledger ledger = new Ledger(workers.ledgerUrl(), name + "_ledger");
    ledger.create();
    queue.prepare();
    List<WorkerProcess> running = new ArrayList<>();
    try {
      for (int i = 0; i < count; i++) {
        running.add(workers.start(backend, location, name, ledger, Character.toString('a' + i)));
      }
      Workers.await(
          () -> running.stream().allMatch(w -> w.count(WorkerProcess.READY) > 0),
          running,
          "every worker's connector open");
      long started = System.nanoTime();
      Workers.send(queue, n);
      Workers.await(() -> Workers.progress(ledger) >= n, running, "every transaction processed");
      long finished = System.nanoTime();
      Workers.await(() -> Workers.pending(queue) == 0, running, "the queue settled");
      int code = 143;
      for (WorkerProcess w : running) {
        int c = w.terminate();
        code = code == 143 ? c : code;
      }
      long distinct = ledger.distinct();
      Map<String, Long> byWorker = new TreeMap<>();
      running.forEach(w -> byWorker.put(w.name(), 0L));
      byWorker.putAll(ledger.shares());
      String shares = shares(byWorker);
      System.err.printf(
          Locale.ROOT, "… %s: %d workers, shares %s%n", backend.label(), count, shares);
      return new Result(
          count + " workers",
          backend,
          n,
          n - distinct,
          ledger.total() - distinct,
          0,
          Duration.ofNanos(finished - started),
          code,
          143,
          null,
          "shares " + shares);
    } finally {
      for (WorkerProcess w : running) {
        w.kill();
      }
      try {
        queue.delete();
      } finally {
        ledger.drop();
      }
    }
  }

  private static String shares(Map<String, Long> byWorker) {
    StringJoiner out = new StringJoiner(" / ");
    byWorker.forEach((w, c) -> out.add(String.format(Locale.ROOT, "%s %,d", w, c)));
    return out.toString();
  }
}
