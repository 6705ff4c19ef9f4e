package dev.ergon.bench.harness;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * The command line of {@code ./ergon bench}.
 *
 * @param scenarios the scenario ids asked for; empty means all
 * @param quick a tiny run of every scenario, one run per row ({@code --quick} or {@code
 *     -Dergon.bench.quick=true})
 * @param runs runs per row (default 2, 1 when quick)
 * @param transactions transactions per measured pass for every scenario named, instead of each
 *     scenario's own size ({@code --transactions N}), or null; the warm-up scales with it
 * @param out where CSV and PNG files go
 */
public record Options(
    List<String> scenarios, boolean quick, int runs, @Nullable Integer transactions, Path out) {

  /** The usage text. */
  public static final String USAGE =
      "usage: ./ergon bench [s1 s2 s3 s4 s5 s6] [--quick] [--runs N] [--transactions N]"
          + " [--out DIR]";

  /** Copies the list and checks the runs. */
  public Options {
    scenarios = List.copyOf(scenarios);
    if (runs < 1) {
      throw new IllegalArgumentException("--runs must be >= 1 but was " + runs);
    }
    if (transactions != null && transactions < 1) {
      throw new IllegalArgumentException("--transactions must be >= 1 but was " + transactions);
    }
  }

  /**
   * Reads the arguments.
   *
   * @param args the arguments
   * @return the options
   * @throws IllegalArgumentException naming the argument that is wrong
   */
  public static Options parse(String... args) {
    List<String> ids = new ArrayList<>();
    boolean quick = Boolean.getBoolean("ergon.bench.quick");
    Integer runs = null;
    Integer transactions = null;
    Path out = Path.of(System.getProperty("ergon.bench.out", "bench/target/results"));
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      switch (a) {
        case "--quick" -> quick = true;
        case "--runs" -> runs = number(a, value(args, ++i, a));
        case "--transactions" -> transactions = number(a, value(args, ++i, a));
        case "--out" -> out = Path.of(value(args, ++i, a));
        default -> {
          if (!a.toLowerCase(Locale.ROOT).matches("s[1-6]")) {
            throw new IllegalArgumentException("unknown argument '" + a + "'; " + USAGE);
          }
          ids.add(a.toLowerCase(Locale.ROOT));
        }
      }
    }
    return new Options(ids, quick, runs != null ? runs : quick ? 1 : 2, transactions, out);
  }

  private static int number(String name, String v) {
    try {
      return Integer.parseInt(v);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + " needs a whole number but was '" + v + "'", e);
    }
  }

  private static String value(String[] args, int i, String name) {
    if (i >= args.length) {
      throw new IllegalArgumentException(name + " needs a value; " + USAGE);
    }
    return args[i];
  }
}
