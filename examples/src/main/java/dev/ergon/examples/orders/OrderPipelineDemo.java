package dev.ergon.examples.orders;

import java.io.PrintStream;
import java.util.List;

/**
 * Runs the order pipeline and prints its summary. Exits 0 when every order was settled, 1 when some
 * were not (and says why), 2 on bad arguments.
 *
 * <pre>{@code
 * ./ergon demo               # 200 orders
 * ./ergon demo --orders 50
 * }</pre>
 */
public final class OrderPipelineDemo {

  /** How many orders the demo produces unless told otherwise. */
  public static final int DEFAULT_ORDERS = 200;

  private static final String USAGE =
      """
      usage: ergon demo [--orders N] [--help]

      Feeds N orders (default 200) through an in-memory queue to a processor that prices them.
      Every 10th order hits a flaky pricing service once and is retried; every 25th is invalid
      and is rejected by the exception handler. Prints a summary; exits 0 when every order was
      settled, 1 when not, 2 on bad arguments.
      """;

  private OrderPipelineDemo() {}

  /**
   * The entry point.
   *
   * @param args {@code --orders N}, {@code --help}
   */
  public static void main(String[] args) {
    System.exit(run(args, System.out, System.err));
  }

  /**
   * Parses the arguments, runs the pipeline and prints the summary.
   *
   * @param args the command-line arguments
   * @param out where the summary goes
   * @param err where errors go
   * @return the exit code: 0 settled, 1 not settled, 2 bad arguments
   */
  static int run(String[] args, PrintStream out, PrintStream err) {
    int orders = DEFAULT_ORDERS;
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      if (arg.equals("--help") || arg.equals("-h")) {
        out.print(USAGE);
        return 0;
      } else if (arg.equals("--orders") || arg.startsWith("--orders=")) {
        String value;
        if (arg.startsWith("--orders=")) {
          value = arg.substring("--orders=".length());
        } else if (i + 1 < args.length) {
          value = args[++i];
        } else {
          return usageError(err, "--orders needs a number");
        }
        orders = parseCount(value);
        if (orders < 1) {
          return usageError(err, "--orders needs a whole number from 1 up, got '" + value + "'");
        }
      } else {
        return usageError(err, "unknown argument '" + arg + "'");
      }
    }
    PipelineSummary summary = OrderPipeline.run(orders);
    summary.printTo(out);
    List<String> problems = summary.problems();
    if (problems.isEmpty()) {
      out.println("All " + summary.produced() + " orders settled.");
      return 0;
    }
    err.println("Not every order was settled:");
    problems.forEach(p -> err.println("  - " + p));
    return 1;
  }

  private static int parseCount(String value) {
    try {
      return Integer.parseInt(value.strip());
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  private static int usageError(PrintStream err, String message) {
    err.println("ergon demo: " + message);
    err.print(USAGE);
    return 2;
  }
}
