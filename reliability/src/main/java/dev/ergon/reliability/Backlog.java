package dev.ergon.reliability;

import dev.ergon.examples.orders.OrderQueue;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * The backlog scenario: {@code n} transactions already waiting in the SQL queue on PostgreSQL
 * (loaded server-side by one {@code INSERT … SELECT} over {@code generate_series}, so that a
 * million rows take seconds, not a million round trips), then one worker with {@code -Xmx256m}
 * ({@link Workers#HEAP_MB}) drains it. The worker reports its peak heap after GC ({@link
 * HeapWatch}); the row fails when the worker dies (an OOM ends it: {@code
 * -XX:+ExitOnOutOfMemoryError}), loses or repeats a transaction, or its peak heap after GC exceeds
 * {@link #HEAP_BOUND_MB} ({@link Result#limitsMet()}). Not thread-safe.
 */
final class Backlog {
  /**
   * The most heap after GC a draining worker may keep, in MiB. What it holds by design does not
   * grow with the backlog: one claimed batch (50 rows) and at most the concurrency (16) in flight,
   * a few KiB of transactions, on top of the clients, the pools and the runtime (about 20–30 MiB
   * measured). A quarter of the 256 MiB heap leaves room for that baseline and the collector's
   * timing, and is far below what keeping anything per transaction would take for 100,000 or more
   * (an id and its entry in a map are over 100 bytes: 10 MiB per 100,000, 100 MiB per million).
   */
  static final int HEAP_BOUND_MB = 64;

  private final Workers workers;

  Backlog(Workers workers) {
    this.workers = workers;
  }

  Result run(Backend backend, int n) throws Exception {
    if (backend != Backend.POSTGRES) {
      throw new IllegalArgumentException(
          "the backlog scenario loads the SQL queue on PostgreSQL; not " + backend.label());
    }
    String name = Workers.newName();
    String location = backend.defaultLocation(workers.dir());
    OrderQueue queue = backend.queue(location, name);
    Ledger ledger = new Ledger(workers.ledgerUrl(), name + "_ledger");
    ledger.create();
    queue.prepare();
    try {
      long loadStart = System.nanoTime();
      load(location, name, n);
      System.err.printf(
          Locale.ROOT,
          "… backlog: %,d rows loaded in %.1f s%n",
          n,
          (System.nanoTime() - loadStart) / 1e9);
      long started = System.nanoTime();
      WorkerProcess w = workers.start(backend, location, name, ledger, "a");
      try {
        // about 1,000 a second on the 2-core machine; a minute of slack on top
        Duration patience = Duration.ofSeconds(60 + n / 250);
        DrainRate rate = new DrainRate(n, started);
        // COUNT(*) to follow the drain, COUNT(DISTINCT) once at the end: a distinct count of a
        // ledger of a million rows every second is a sort on disk that took a core from the drain
        Workers.await(
            () -> {
              long done = Workers.processings(ledger);
              rate.record(done, System.nanoTime());
              return done >= n && Workers.progress(ledger) >= n;
            },
            List.of(w),
            "the backlog of " + n + " drained",
            patience,
            Duration.ofSeconds(1));
        long finished = System.nanoTime();
        Workers.await(() -> Workers.pending(queue) == 0, w, "the queue settled");
        int code = w.terminate();
        long peak = peakHeap(w);
        long distinct = ledger.distinct();
        long duplicates = ledger.total() - distinct;
        boolean withinBound = peak >= 0 && peak <= HEAP_BOUND_MB * 1024L * 1024L;
        return new Result(
            "backlog",
            backend,
            n,
            n - distinct,
            duplicates,
            0,
            Duration.ofNanos(finished - started),
            code,
            143,
            null,
            String.format(
                Locale.ROOT,
                "-Xmx%dm, peak heap after GC %s (bound %d MiB)%s, %s",
                Workers.HEAP_MB,
                peak < 0
                    ? "not reported"
                    : String.format(Locale.ROOT, "%.1f MiB", peak / 1048576.0),
                HEAP_BOUND_MB,
                withinBound ? "" : " EXCEEDED",
                rate.summary()),
            withinBound);
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

  /** Inserts {@code t-0000000}… as ready rows with payload {@code {"n": i}}, server-side. */
  private static void load(String url, String table, int n) throws Exception {
    try (Connection c = DriverManager.getConnection(url);
        PreparedStatement ps =
            c.prepareStatement(
                "INSERT INTO "
                    + table
                    + " (id, payload_kind, payload_text, metadata)"
                    + " SELECT 't-' || lpad(g::text, 7, '0'), 'json', '{\"n\":' || g || '}', '{}'"
                    + " FROM generate_series(0, ? - 1) AS g ORDER BY g")) {
      ps.setInt(1, n);
      ps.executeUpdate();
    }
  }

  /** The peak the worker printed on shutdown, -1 when it printed none. */
  private static long peakHeap(WorkerProcess w) throws Exception {
    String log = java.nio.file.Files.readString(w.logFile().toPath());
    int at = log.lastIndexOf(HeapWatch.LINE);
    if (at < 0) {
      return -1;
    }
    String rest = log.substring(at + HeapWatch.LINE.length());
    return Long.parseLong(rest.substring(0, rest.indexOf(' ')));
  }
}
