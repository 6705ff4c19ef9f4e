package dev.ergon.bench;

import dev.ergon.bench.harness.Charts;
import dev.ergon.bench.harness.ChildLauncher;
import dev.ergon.bench.harness.Measurement;
import dev.ergon.bench.harness.Options;
import dev.ergon.bench.harness.ResultTable;
import dev.ergon.bench.harness.RowResult;
import dev.ergon.bench.harness.RowSpec;
import dev.ergon.bench.harness.Scenario;
import dev.ergon.bench.harness.TableSpec;
import dev.ergon.bench.scenario.Scenarios;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * {@code ./ergon bench}: runs the scenarios side by side, each row in fresh JVMs, and prints one
 * Markdown table per scenario; writes CSV and PNG charts under {@code bench/target/results/}.
 *
 * <pre>{@code
 * ./ergon bench              # every scenario whose services are up
 * ./ergon bench s1 s2        # those two
 * ./ergon bench --quick      # every scenario once at a tiny size
 * }</pre>
 */
public final class Bench {
  private static final long CHILD_TIMEOUT_SECONDS = 1_800;

  /**
   * What one invocation did.
   *
   * @param results each scenario that ran, by id, its rows in table order
   * @param skipped each scenario that did not run, by id, with the reason
   * @param failed each scenario whose row failed, by id, with the error
   */
  public record Report(
      Map<String, List<RowResult>> results,
      Map<String, String> skipped,
      Map<String, String> failed) {}

  private Bench() {}

  /**
   * Runs the benchmark.
   *
   * @param args see {@link Options#USAGE}; {@code jmh [JMH options]} runs the lifecycle
   *     microbenchmark instead
   * @throws Exception when JMH fails
   */
  public static void main(String[] args) throws Exception {
    if (args.length > 0 && args[0].equals("jmh")) {
      // the lifecycle microbenchmark: JMH's own command line
      org.openjdk.jmh.Main.main(java.util.Arrays.copyOfRange(args, 1, args.length));
      return;
    }
    List<String> given = List.of(args);
    if (given.contains("--help") || given.contains("-h")) {
      System.out.println(Options.USAGE);
      System.out.println(
          "       ./ergon bench jmh [JMH options]   the per-transaction lifecycle microbenchmark");
      return;
    }
    Options options;
    try {
      options = Options.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println("ergon bench: " + e.getMessage());
      System.exit(2);
      return;
    }
    Report report = run(options, System.out, System.err);
    System.exit(report.failed().isEmpty() ? 0 : 1);
  }

  /**
   * Runs the scenarios the options name (all when none) in order.
   *
   * @param options the options
   * @param out where the tables go
   * @param progress where the progress lines go
   * @return what ran, what was skipped and what failed
   */
  public static Report run(Options options, PrintStream out, PrintStream progress) {
    header(options, out);
    ChildLauncher launcher = new ChildLauncher(CHILD_TIMEOUT_SECONDS);
    Map<String, List<RowResult>> results = new LinkedHashMap<>();
    Map<String, String> skipped = new LinkedHashMap<>();
    Map<String, String> failed = new LinkedHashMap<>();
    for (Scenario s : Scenarios.select(options.scenarios())) {
      Optional<String> why = s.unavailable();
      if (why.isPresent()) {
        skipped.put(s.id(), why.get());
        progress.println("[" + s.id() + "] skipped: " + why.get());
        continue;
      }
      try {
        results.put(s.id(), scenario(s, options, launcher, out, progress));
      } catch (IOException | RuntimeException e) {
        failed.put(s.id(), e.toString());
        progress.println("[" + s.id() + "] FAILED: " + e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        failed.put(s.id(), "interrupted");
        break;
      }
    }
    skipped.forEach((id, why) -> out.println("Skipped " + id + ": " + why));
    failed.forEach((id, why) -> out.println("FAILED " + id + ": " + why));
    return new Report(results, skipped, failed);
  }

  private static void header(Options o, PrintStream out) {
    out.printf(
        Locale.ROOT,
        "ergon bench%s, %s: Java %s, %d cores, load average %s; each row in a fresh JVM"
            + " (%s), a warm-up pass then the measured pass, %d run(s) per row%n%n",
        o.quick() ? " --quick" : "",
        Instant.now().toString().substring(0, 16) + "Z",
        System.getProperty("java.version"),
        Runtime.getRuntime().availableProcessors(),
        loadAverage(),
        String.join(" ", ChildLauncher.JVM_FLAGS),
        o.runs());
  }

  static String loadAverage() {
    try {
      String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
      return f[0] + " " + f[1] + " " + f[2];
    } catch (IOException | RuntimeException e) {
      return "unknown";
    }
  }

  private static List<RowResult> scenario(
      Scenario s, Options o, ChildLauncher launcher, PrintStream out, PrintStream progress)
      throws IOException, InterruptedException {
    int tx = s.transactions(o.quick());
    int warmup = s.warmup(o.quick());
    Integer asked = o.transactions();
    if (asked != null) { // the warm-up keeps its share of the pass
      warmup = (int) Math.max(1, (long) warmup * asked / tx);
      tx = asked;
    }
    List<RowResult> rows = new ArrayList<>();
    int n = 0;
    for (RowSpec row : s.rows()) {
      n++;
      List<Measurement> runs = new ArrayList<>();
      for (int run = 1; row.computedPerSecond().isEmpty() && run <= o.runs(); run++) {
        progress.printf(
            Locale.ROOT,
            "[%s] row %d/%d run %d/%d: %s …%n",
            s.id(),
            n,
            s.rows().size(),
            run,
            o.runs(),
            row.label());
        Measurement m = launcher.run(s.id(), row.key(), tx, warmup);
        progress.printf(Locale.ROOT, "[%s]   %,.0f tx/s%n", s.id(), m.perSecond());
        runs.add(m);
      }
      rows.add(new RowResult(row, runs));
    }
    TableSpec spec = TableSpec.of(s, tx, o.runs());
    out.println(ResultTable.markdown(spec, rows));
    out.flush();
    write(s, spec, rows, o.out());
    return rows;
  }

  private static void write(Scenario s, TableSpec spec, List<RowResult> rows, Path dir)
      throws IOException {
    Files.createDirectories(dir);
    Files.writeString(
        dir.resolve(s.id() + ".csv"), ResultTable.csv(spec, rows), StandardCharsets.UTF_8);
    Files.writeString(
        dir.resolve(s.id() + ".md"), ResultTable.markdown(spec, rows), StandardCharsets.UTF_8);
    Charts.throughput(dir.resolve(s.id() + "-throughput.png"), s.title(), rows);
    if (s.hasLatency()) {
      Charts.latency(dir.resolve(s.id() + "-latency.png"), s.title(), rows);
    }
  }
}
