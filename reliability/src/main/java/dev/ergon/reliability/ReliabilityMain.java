package dev.ergon.reliability;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * {@code ./ergon reliability [--transactions N] [--concurrency C] [--backlog N] [--scenarios LIST]
 * [backend...]}: runs the scenarios on every backend named (default: all) through real worker
 * processes and prints the results table. Exits 0 when every row meets the guarantees, 1 when one
 * does not. The backlog scenario (1,000,000 waiting transactions by default, PostgreSQL only, about
 * 20 minutes here) runs only when {@code --scenarios} names it.
 */
public final class ReliabilityMain {
  /** The backends with a restart scenario: a server the suite can start for itself. */
  static final Set<Backend> RESTARTABLE =
      EnumSet.of(
          Backend.POSTGRES,
          Backend.RABBITMQ,
          Backend.NATS,
          Backend.REDIS,
          Backend.KAFKA,
          Backend.SQS,
          Backend.HTTP);

  /** The backends the scale-out scenario runs on. */
  static final Set<Backend> SCALE_OUT =
      EnumSet.of(Backend.POSTGRES, Backend.RABBITMQ, Backend.NATS, Backend.REDIS);

  /** How many workers the scale-out scenario runs at once. */
  static final int SCALE_OUT_WORKERS = 3;

  private ReliabilityMain() {}

  /**
   * Runs the suite.
   *
   * @param args {@code --transactions N} (default 10,000), {@code --concurrency C} (16), {@code
   *     --backlog N} (the backlog scenario's size, default 1,000,000), {@code --scenarios
   *     kill,sigterm,restart,scale-out,poison,backlog} (default all but backlog), then backends
   *     ({@code postgres sqlite rabbitmq nats redis sqs kafka http})
   * @throws Exception when a backend cannot be reached
   */
  public static void main(String[] args) throws Exception {
    Options o;
    try {
      o = Options.parse(args);
    } catch (UsageException e) {
      System.err.println("ergon reliability: " + e.getMessage());
      System.err.println(USAGE);
      System.exit(2);
      return;
    }
    if (o.help()) {
      System.out.println(USAGE);
      return;
    }
    System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
    Path dir = Files.createTempDirectory("ergon-reliability");
    List<Result> rows = new ArrayList<>();
    try (Scenarios s = new Scenarios(dir, Ledger.DEFAULT_URL, o.concurrency(), 50)) {
      for (Backend b : o.backends()) {
        for (String scenario : o.scenarios()) {
          Result r =
              run(s, scenario, b, scenario.equals("backlog") ? o.backlog() : o.transactions());
          if (r != null) {
            rows.add(r);
          }
        }
      }
    }
    print(System.out, rows, o.concurrency());
    System.out.println("worker logs: " + dir);
    System.exit(rows.stream().allMatch(Result::passed) ? 0 : 1);
  }

  /** What {@code --help} and a bad argument print. */
  static final String USAGE =
      """
      usage: ./ergon reliability [--transactions N] [--concurrency C] [--backlog N]
                                 [--scenarios kill,sigterm,restart,scale-out,poison,backlog]
                                 [postgres|sqlite|rabbitmq|nats|redis|sqs|kafka|http ...]
        --transactions N  transactions per row (default 10,000)
        --concurrency C   each worker's concurrency (default 16)
        --backlog N       the backlog scenario's waiting transactions (default 1,000,000)
        --scenarios LIST  which scenarios, comma-separated (default all but backlog)
        backends          which connectors (default all)""";

  /** A bad command line: the message names the argument and what was expected. */
  static final class UsageException extends Exception {
    private static final long serialVersionUID = 1L;

    UsageException(String message) {
      super(message);
    }
  }

  /**
   * The parsed command line.
   *
   * @param transactions transactions per row
   * @param concurrency each worker's concurrency
   * @param backlog the backlog scenario's size
   * @param scenarios the scenarios, in order
   * @param backends the backends, in order
   * @param help whether {@code --help} was asked for
   */
  record Options(
      int transactions,
      int concurrency,
      int backlog,
      List<String> scenarios,
      List<Backend> backends,
      boolean help) {

    /**
     * Reads the command line.
     *
     * @param args the arguments
     * @return the options, defaults filled in
     * @throws UsageException naming the argument that is wrong
     */
    static Options parse(String[] args) throws UsageException {
      int n = 10_000;
      int concurrency = 16;
      int backlog = 1_000_000;
      List<String> scenarios = List.of("kill", "sigterm", "restart", "scale-out", "poison");
      List<Backend> backends = new ArrayList<>();
      for (int i = 0; i < args.length; i++) {
        String a = args[i];
        switch (a) {
          case "--help", "-h" -> {
            return new Options(n, concurrency, backlog, scenarios, List.of(), true);
          }
          case "--transactions" -> n = positive(a, value(args, i++));
          case "--concurrency" -> concurrency = positive(a, value(args, i++));
          case "--backlog" -> backlog = positive(a, value(args, i++));
          case "--scenarios" -> scenarios = ReliabilityMain.scenarios(value(args, i++));
          default -> backends.add(backend(a));
        }
      }
      if (backends.isEmpty()) {
        backends.addAll(Arrays.asList(Backend.values()));
      }
      return new Options(n, concurrency, backlog, scenarios, List.copyOf(backends), false);
    }

    private static String value(String[] args, int i) throws UsageException {
      if (i + 1 >= args.length || args[i + 1].startsWith("--")) {
        throw new UsageException(args[i] + " needs a value");
      }
      return args[i + 1];
    }

    private static int positive(String option, String value) throws UsageException {
      try {
        int v = Integer.parseInt(value.replace("_", "").replace(",", ""));
        if (v > 0) {
          return v;
        }
      } catch (NumberFormatException e) {
        // reported below
      }
      throw new UsageException(option + " must be a whole number above 0, but was '" + value + "'");
    }

    private static Backend backend(String arg) throws UsageException {
      for (Backend b : Backend.values()) {
        if (b.label().equals(arg.toLowerCase(Locale.ROOT))) {
          return b;
        }
      }
      throw new UsageException(
          (arg.startsWith("-") ? "unknown option '" : "unknown backend '")
              + arg
              + "'; backends: "
              + String.join(", ", Arrays.stream(Backend.values()).map(Backend::label).toList()));
    }
  }

  private static List<String> scenarios(String list) throws UsageException {
    List<String> out = Arrays.asList(list.split(","));
    for (String s : out) {
      if (!List.of("kill", "sigterm", "restart", "scale-out", "poison", "backlog").contains(s)) {
        throw new UsageException(
            "--scenarios: unknown scenario '"
                + s
                + "'; known: kill, sigterm, restart, scale-out, poison, backlog");
      }
    }
    return out;
  }

  private static @Nullable Result run(Scenarios s, String scenario, Backend b, int n)
      throws Exception {
    boolean applies =
        switch (scenario) {
          case "restart" -> RESTARTABLE.contains(b);
          case "scale-out" -> SCALE_OUT.contains(b);
          case "poison" -> DeadLetters.COUNTED.contains(b);
          case "backlog" -> b == Backend.POSTGRES;
          default -> true;
        };
    if (!applies) {
      return null;
    }
    System.err.printf(Locale.ROOT, "… %s: %s%n", b.label(), scenario);
    return switch (scenario) {
      case "kill" -> s.kill(b, n);
      case "sigterm" -> s.sigterm(b, n);
      case "restart" -> s.restart(b, n);
      case "poison" -> s.poison(b, n);
      case "backlog" -> s.backlog(b, n);
      default -> s.scaleOut(b, n, SCALE_OUT_WORKERS);
    };
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
        "| scenario | connector | transactions | lost | duplicates (bound) | time to resume |"
            + " exit code | time to finish | result | notes |");
    out.println("|---|---|---:|---:|---:|---:|---:|---:|---|---|");
    for (Result r : rows) {
      out.printf(
          Locale.ROOT,
          "| %s | %s | %,d | %d | %d (≤ %d) | %s | %d | %.1f s | %s | %s |%n",
          r.scenario(),
          r.backend().label(),
          r.transactions(),
          r.lost(),
          r.duplicates(),
          r.allowedDuplicates(),
          r.resumed()
              .map(d -> String.format(Locale.ROOT, "%.1f s", d.toMillis() / 1000.0))
              .orElse("–"),
          r.exitCode(),
          r.timeToFinish().toMillis() / 1000.0,
          r.passed() ? "pass" : "FAIL",
          r.note());
    }
  }
}
