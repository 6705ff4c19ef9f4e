package dev.ergon.bench.harness;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The command line of {@code ./ergon bench}.
 *
 * @param scenarios the scenario ids asked for; empty means all
 * @param quick a tiny run of every scenario, one run per row ({@code --quick} or {@code
 *     -Dergon.bench.quick=true})
 * @param runs runs per row (default 2, 1 when quick)
 * @param out where CSV and PNG files go
 */
public record Options(List<String> scenarios, boolean quick, int runs, Path out) {

  /** The usage text. */
  public static final String USAGE =
      "usage: ./ergon bench [s1 s2 s3 s4 s5 s6] [--quick] [--runs N] [--out DIR]";

  /** Copies the list and checks the runs. */
  public Options {
    scenarios = List.copyOf(scenarios);
    if (runs < 1) {
      throw new IllegalArgumentException("--runs must be >= 1 but was " + runs);
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
    Path out = Path.of(System.getProperty("ergon.bench.out", "bench/target/results"));
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      switch (a) {
        case "--quick" -> quick = true;
        case "--runs" -> runs = Integer.parseInt(value(args, ++i, a));
        case "--out" -> out = Path.of(value(args, ++i, a));
        default -> {
          if (!a.toLowerCase(Locale.ROOT).matches("s[1-6]")) {
            throw new IllegalArgumentException("unknown argument '" + a + "'; " + USAGE);
          }
          ids.add(a.toLowerCase(Locale.ROOT));
        }
      }
    }
    return new Options(ids, quick, runs != null ? runs : quick ? 1 : 2, out);
  }

  private static String value(String[] args, int i, String name) {
    if (i >= args.length) {
      throw new IllegalArgumentException(name + " needs a value; " + USAGE);
    }
    return args[i];
  }
}
