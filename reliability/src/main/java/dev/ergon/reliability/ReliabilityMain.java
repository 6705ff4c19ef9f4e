package dev.ergon.reliability;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * {@code ./ergon reliability [--transactions N] [backend...]}: runs every scenario on every backend
 * named (default: all) through real worker processes and prints the results table. Exits 0 when
 * every row meets the guarantees, 1 when one does not.
 */
public final class ReliabilityMain {
  private ReliabilityMain() {}

  /**
   * Runs the suite.
   *
   * @param args {@code --transactions N} (default 10,000), {@code --concurrency C} (16), then
   *     backends ({@code postgres sqlite rabbitmq nats sqs})
   * @throws Exception when a backend cannot be reached
   */
  public static void main(String[] args) throws Exception {
    System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
    int n = 10_000;
    int concurrency = 16;
    List<Backend> backends = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--transactions" -> n = Integer.parseInt(args[++i]);
        case "--concurrency" -> concurrency = Integer.parseInt(args[++i]);
        default -> backends.add(Backend.valueOf(args[i].toUpperCase(Locale.ROOT)));
      }
    }
    if (backends.isEmpty()) {
      backends.addAll(Arrays.asList(Backend.values()));
    }
    Path dir = Files.createTempDirectory("ergon-reliability");
    List<Result> rows = new ArrayList<>();
    try (Scenarios s = new Scenarios(dir, Ledger.DEFAULT_URL, concurrency, 50)) {
      for (Backend b : backends) {
        System.err.printf(Locale.ROOT, "… %s: kill -9%n", b.label());
        rows.add(s.kill(b, n));
        System.err.printf(Locale.ROOT, "… %s: SIGTERM%n", b.label());
        rows.add(s.sigterm(b, n));
      }
    }
    print(System.out, rows, concurrency);
    System.out.println("worker logs: " + dir);
    System.exit(rows.stream().allMatch(Result::passed) ? 0 : 1);
  }

  /**
   * Prints the table.
   *
   * @param out where
   * @param rows the rows
   * @param concurrency each worker's concurrency
   */
  static void print(PrintStream out, List<Result> rows, int concurrency) {
    out.printf(
        Locale.ROOT,
        "Reliability: real worker processes, concurrency %d, %d cores%n",
        concurrency,
        Runtime.getRuntime().availableProcessors());
    out.println(
        "| scenario | connector | transactions | lost | duplicates (bound) | fault exit code |"
            + " time to finish after the fault | result |");
    out.println("|---|---|---:|---:|---:|---:|---:|---|");
    for (Result r : rows) {
      out.printf(
          Locale.ROOT,
          "| %s | %s | %,d | %d | %d (≤ %d) | %d | %.1f s | %s |%n",
          r.scenario(),
          r.backend().label(),
          r.transactions(),
          r.lost(),
          r.duplicates(),
          r.allowedDuplicates(),
          r.faultExitCode(),
          r.timeToFinish().toMillis() / 1000.0,
          r.passed() ? "pass" : "FAIL");
    }
  }
}
